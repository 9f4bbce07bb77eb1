package model

// RoleReason is why a service has its role: how it was recognised (By)
// and what was seen (Seen). Facts, not a sentence: status says them in
// the reader's language (discover.SayRole).
type RoleReason struct {
	By   RoleClue
	Seen string
	// Role is, for RoleTaken, the role another service has instead.
	Role Role
}

// RoleClue is how a service's role was recognised.
type RoleClue string

const (
	RoleByImage   RoleClue = "image"        // Seen: the image
	RoleByProgram RoleClue = "runs"         // Seen: the program the container runs
	RoleByEnv     RoleClue = "sets"         // Seen: the variable it sets
	RoleByPort    RoleClue = "exposes"      // Seen: the port it exposes
	RoleByName    RoleClue = "service_name" // Seen: the service's name
	// RoleByConfig: labctl.yaml says it (Seen: the service under its
	// services mapping; "" for labctl's own lab, described by labctl.yaml).
	RoleByConfig RoleClue = "labctl_yaml"
	// RoleTaken: another service has Role (Seen: its name, "" when it is
	// the other one that claimed it).
	RoleTaken   RoleClue = "taken"
	RoleNothing RoleClue = "none" // no role recognised
)
