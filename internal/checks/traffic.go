package checks

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/labctl/labctl/internal/model"
	"github.com/labctl/labctl/internal/msg"
)

// Traffic is what verify sent to the backend and how it answered.
type Traffic struct {
	BaseURL  string
	From, To time.Time
	Requests []Exchange
}

// Exchange is one request and its answer.
type Exchange struct {
	Method string `json:"method"`
	// Path is the path sent, with {id} replaced.
	Path   string `json:"path"`
	Status int    `json:"status,omitempty"`
	// Err is set when no answer came (or the request could not be built).
	Err string `json:"error,omitempty"`
	// Body is the start of the answer, kept for errors.
	Body string `json:"body,omitempty"`
}

// SendTraffic sends reqs in order to the backend at baseURL. "{id}" in a
// path is replaced by the id the last answer with an "id" field returned
// (the POST that created the product).
func SendTraffic(ctx context.Context, client *http.Client, baseURL string, reqs []model.Request) Traffic {
	t := Traffic{BaseURL: strings.TrimSuffix(baseURL, "/"), From: time.Now()}
	id := ""
	for _, r := range reqs {
		x := Exchange{Method: r.Method, Path: r.Path}
		if strings.Contains(r.Path, "{id}") {
			if id == "" {
				x.Err = `no id to put in {id}: no earlier answer had an "id" field`
				t.Requests = append(t.Requests, x)
				continue
			}
			x.Path = strings.ReplaceAll(r.Path, "{id}", id)
		}
		body := send(ctx, client, t.BaseURL, r, &x)
		if got := idOf(body); got != "" {
			id = got
		}
		t.Requests = append(t.Requests, x)
	}
	t.To = time.Now()
	return t
}

func send(ctx context.Context, client *http.Client, base string, r model.Request, x *Exchange) []byte {
	var rd io.Reader
	if r.Body != "" {
		rd = strings.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, base+x.Path, rd)
	if err != nil {
		x.Err = err.Error()
		return nil
	}
	if r.Body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		x.Err = err.Error()
		return nil
	}
	defer resp.Body.Close()
	x.Status = resp.StatusCode
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode >= 400 {
		x.Body = snippet(b)
	}
	return b
}

func idOf(body []byte) string {
	var v struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(body, &v) != nil || len(v.ID) == 0 || string(v.ID) == "null" {
		return ""
	}
	return strings.Trim(string(v.ID), `"`)
}

func snippet(b []byte) string {
	s := strings.Join(strings.Fields(string(bytes.ToValidUTF8(b, nil))), " ")
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}

// Answered reports whether the backend answered at least one request.
func (t Traffic) Answered() bool {
	for _, x := range t.Requests {
		if x.Status != 0 {
			return true
		}
	}
	return false
}

// Failures lists the requests that got no answer or a 5xx, as "POST /products/ → 500".
func (t Traffic) Failures() []string {
	var out []string
	for _, x := range t.Requests {
		switch {
		case x.Err != "":
			out = append(out, fmt.Sprintf("%s %s: %s", x.Method, x.Path, x.Err))
		case x.Status >= 500:
			out = append(out, fmt.Sprintf("%s %s → %d %s", x.Method, x.Path, x.Status, x.Body))
		}
	}
	return out
}

// Summary is one line of evidence: "4 requests: 201 200 200 200".
func (t Traffic) Summary() string { return t.SummaryMsg().English() }

// SummaryMsg is Summary as a catalog message.
func (t Traffic) SummaryMsg() msg.Message {
	codes := make([]string, 0, len(t.Requests))
	for _, x := range t.Requests {
		if x.Status == 0 {
			codes = append(codes, "—")
		} else {
			codes = append(codes, fmt.Sprint(x.Status))
		}
	}
	return msg.New("check.traffic.summary", len(t.Requests), strings.Join(codes, " "))
}
