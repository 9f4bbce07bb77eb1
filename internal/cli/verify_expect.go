package cli

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/labctl/labctl/internal/expect"
	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// loadExpectations reads --expect FILE or, without it, labctl-expect.yaml
// beside labctl.yaml (--config), beside the Compose file (-f), or in the
// current folder. Bad input is a usage error: nothing runs.
func loadExpectations(path string, lf *labFlags, cf *composeFlags) (*expect.File, error) {
	if path == "" {
		var dirs []string
		if lf.Config != "" {
			dirs = append(dirs, filepath.Dir(lf.Config))
		}
		if len(cf.Files) > 0 {
			dirs = append(dirs, filepath.Dir(cf.Files[0]))
		}
		for _, d := range append(dirs, ".") {
			if path = expect.FindDefault(d); path != "" {
				break
			}
		}
		if path == "" {
			return nil, nil
		}
	}
	f, err := expect.Load(path)
	if err != nil {
		return nil, usageError(err)
	}
	return f, nil
}

// checkExpectTraffic refuses an expectation about a request verify does not send.
// It then says, on stderr, which file is checked.
func checkExpectTraffic(f *expect.File, l *model.Lab, stderr io.Writer, p *msg.Printer) error {
	if f == nil {
		return nil
	}
	var reqs []expect.Request
	for _, r := range l.Traffic {
		reqs = append(reqs, expect.Request{Method: r.Method, Path: r.Path})
	}
	if err := expect.CheckTraffic(f.Expectations, reqs); err != nil {
		return usageError(err)
	}
	fmt.Fprintf(stderr, "verify: %s\n", p.Say(msg.New("term.verify.expectations", len(f.Expectations), f.Path)))
	return nil
}

func expectations(f *expect.File) []expect.Expectation {
	if f == nil {
		return nil
	}
	return f.Expectations
}
