package msg

// Strings is New(key, args...) for string arguments: a message a package
// that imports no labctl package (model) names by its key and arguments.
func Strings(key string, args []string) Message {
	m := Message{Key: key}
	for _, a := range args {
		m.Args = append(m.Args, a)
	}
	return m
}
