package cli

import (
	"io"
	"strings"

	"github.com/sirupsen/logrus"
)

// composeWarnings makes compose-go's warnings (logrus), such as `The
// "POSTGRES_PASSWORD" variable is not set. Defaulting to a blank string.`
// (a student's .env missing), read like labctl's own lines on stderr
// instead of logrus's time="..." level=warning msg="..." records.
func composeWarnings(w io.Writer) {
	logrus.SetOutput(w)
	logrus.SetLevel(logrus.WarnLevel)
	logrus.SetFormatter(plainFormatter{})
}

type plainFormatter struct{}

func (plainFormatter) Format(e *logrus.Entry) ([]byte, error) {
	return []byte("labctl: compose file: " + strings.TrimSpace(e.Message) + "\n"), nil
}
