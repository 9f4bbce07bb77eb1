package expect

import "github.com/labctl/labctl/internal/msg"

// The verdicts are catalog messages (msg, catalog_course.go, "expect.*"),
// so that verify says the closest spans in the course's language; their
// English text is exactly what they said before (Verdict.Message).

// none is a part a sentence leaves out.
var none = msg.Raw("")

// joined is parts with sep between them, as one message.
func joined(parts []msg.Message, sep string) msg.Message {
	if len(parts) == 0 {
		return none
	}
	out := parts[0]
	for _, p := range parts[1:] {
		out = msg.New("expect.join", out, msg.Raw(sep), p)
	}
	return out
}
