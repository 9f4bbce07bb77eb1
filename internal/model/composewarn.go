package model

// MissingEnvFile is an env_file a service names that does not exist:
// docker compose refuses to start the project ("env file PATH not found")
// unless the entry says required: false.
type MissingEnvFile struct {
	Service string
	// Path is relative to the project's folder.
	Path string
	// Template is a file beside it the project gives to copy from
	// (.env.example, .env.template), "" when none.
	Template string
	At       Fact
}

// ComposeWarning is one of compose's own warnings (compose-go logs them as
// it loads: "the attribute `version` is obsolete", "The \"X\" variable is
// not set. Defaulting to a blank string."), without the file name it
// starts with, located where the file says it when that is known.
type ComposeWarning struct {
	Text string
	At   Fact
}
