package expect

import (
	"fmt"
	"sort"
	"strings"

	"github.com/labctl/labctl/internal/msg"
)

// Series is one series of the metric query's answer.
type Series struct {
	Labels map[string]string
	Value  float64
}

// Judge checks the answer to m.Query: it passes when at least one series
// satisfies the comparison. The message quotes the values.
func (m *Metric) Judge(series []Series) (bool, string) {
	pass, said := m.JudgeSaid(series)
	return pass, said.English()
}

// JudgeSaid is Judge with the message as a catalog message.
func (m *Metric) JudgeSaid(series []Series) (bool, msg.Message) {
	if len(series) == 0 {
		return false, msg.New("expect.metric.none", m.Query)
	}
	var vals []string
	pass := false
	for _, s := range series {
		if m.Cmp.Holds(s.Value) {
			pass = true
		}
		vals = append(vals, fmt.Sprintf("%s%s", num(s.Value), labels(s.Labels)))
	}
	sort.Strings(vals)
	shown := make([]msg.Message, len(vals))
	for i, v := range vals {
		shown[i] = msg.Raw(v)
	}
	said := joined(firstMsgs(shown, 3), ", ")
	if pass {
		return true, msg.New("expect.metric.pass", m.Query, said, m.Cmp.String())
	}
	return false, msg.New("expect.metric.fail", m.Query, said, m.Cmp.String())
}

func labels(l map[string]string) string {
	var kv []string
	for k, v := range l {
		if k == "__name__" || k == "instance" || k == "job" || strings.HasPrefix(k, "otel_scope_") {
			continue
		}
		kv = append(kv, fmt.Sprintf("%s=%q", k, v))
	}
	if len(kv) == 0 {
		return ""
	}
	sort.Strings(kv)
	return "{" + strings.Join(kv, ",") + "}"
}

// CheckTraffic refuses an expectation whose request verify does not send:
// its spans could never be found. traffic lists verify's requests as
// METHOD and path ({id} where an id goes).
func CheckTraffic(exps []Expectation, traffic []Request) error {
	var sent []string
	for _, t := range traffic {
		sent = append(sent, t.String())
	}
	for _, e := range exps {
		if e.Request == nil {
			continue
		}
		ok := false
		for _, t := range traffic {
			if t.Method == e.Request.Method && pathFits(t.Path, e.Request.Path) {
				ok = true
				break
			}
		}
		if !ok {
			return fmt.Errorf("%s:%d: request %s is not in verify's traffic; use one of: %s (or add it to traffic: in labctl.yaml)",
				e.File, e.Request.Line, e.Request, strings.Join(sent, ", "))
		}
	}
	return nil
}
