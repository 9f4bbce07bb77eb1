package msg

// The rules' messages added with one model of a lab (issue 26).
func init() {
	extend(English, map[string]string{
		"rule.services_are": "%s (services: %s)",
	})
	extend(French, map[string]string{
		"rule.services_are": "%s (services : %s)",
	})
}
