package msg

// The rules' messages added with one model of a lab (issue 26).
func init() {
	extend(English, map[string]string{
		"rule.services_are":     "%s (services: %s)",
		"rule.LAB050.bad_value": "%s: the Collector cannot read its value (%s)",
	})
	extend(French, map[string]string{
		"rule.services_are":     "%s (services : %s)",
		"rule.LAB050.bad_value": "%s : le Collector ne sait pas lire sa valeur (%s)",
	})
}
