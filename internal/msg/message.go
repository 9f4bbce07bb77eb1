package msg

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Message is a sentence for people as a catalog key and its arguments:
// strings, integers, floats, Durations and nested Messages. A Message with
// no Key is Text as is (Raw), for what has no catalog entry: a tool's
// error, a name, a diagnosis not translated yet.
type Message struct {
	Key  string `json:"key,omitempty"`
	Args []any  `json:"args,omitempty"`
	Text string `json:"text,omitempty"`
}

// New is the message key with args.
func New(key string, args ...any) Message { return Message{Key: key, Args: args} }

// Raw is text that is the same in every language.
func Raw(text string) Message { return Message{Text: text} }

// Quote is text the catalog cannot translate (a tool's error, a line a
// discovered project's description wrote): as is in English, « quoted »
// in French, so that a reader sees it is quoted, not said.
func Quote(text string) Message { return New("text.quoted", text) }

// IsZero reports an empty message.
func (m Message) IsZero() bool { return m.Key == "" && m.Text == "" }

// English is the message as the CLI and the JSON outputs print it: the
// English catalog's format with plain fmt (no digit grouping), Durations as
// time.Duration prints them.
func (m Message) English() string {
	if m.Key == "" {
		return m.Text
	}
	f, ok := en[m.Key]
	if !ok {
		return "!(MISSING " + m.Key + ")"
	}
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		switch a := a.(type) {
		case Message:
			args[i] = a.English()
		case *Message:
			args[i] = a.English()
		default:
			args[i] = a
		}
	}
	return fmt.Sprintf(f, args...)
}

// String is the English text.
func (m Message) String() string { return m.English() }

// Err makes m an error whose text is its English; As finds it back.
func (m Message) Err() error { return &msgError{m} }

type msgError struct{ m Message }

func (e *msgError) Error() string { return e.m.English() }

// Errorf is New(key, args...).Err().
func Errorf(key string, args ...any) error { return New(key, args...).Err() }

// Of is the message an error carries (Errorf, Message.Err, wrapped or
// not), else the error's text as Raw.
func Of(err error) Message {
	if err == nil {
		return Message{}
	}
	for e := err; e != nil; {
		if me, ok := e.(*msgError); ok && me.Error() == err.Error() {
			return me.m
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			break
		}
		e = u.Unwrap()
	}
	return Raw(err.Error())
}

// durationJSON is how a Duration argument is stored.
type durationJSON struct {
	NS int64 `json:"duration_ns"`
}

// MarshalJSON stores a Duration as {"duration_ns": N}, so that it is read back as one.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(durationJSON{int64(d)}) }

// UnmarshalJSON reads args back with their kinds: whole numbers as int,
// other numbers as float64, {"duration_ns"} as Duration, {"key"}/{"text"}
// as Message.
func (m *Message) UnmarshalJSON(data []byte) error {
	var raw struct {
		Key  string            `json:"key"`
		Args []json.RawMessage `json:"args"`
		Text string            `json:"text"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	m.Key, m.Text, m.Args = raw.Key, raw.Text, nil
	for _, a := range raw.Args {
		v, err := decodeArg(a)
		if err != nil {
			return fmt.Errorf("message %s: %w", raw.Key, err)
		}
		m.Args = append(m.Args, v)
	}
	return nil
}

func decodeArg(a json.RawMessage) (any, error) {
	a = bytes.TrimSpace(a)
	if len(a) == 0 {
		return nil, fmt.Errorf("empty argument")
	}
	switch a[0] {
	case '"':
		var s string
		err := json.Unmarshal(a, &s)
		return s, err
	case '{':
		var probe map[string]json.RawMessage
		if err := json.Unmarshal(a, &probe); err != nil {
			return nil, err
		}
		if _, ok := probe["duration_ns"]; ok {
			var d durationJSON
			err := json.Unmarshal(a, &d)
			return Duration(time.Duration(d.NS)), err
		}
		var n Message
		err := json.Unmarshal(a, &n)
		return n, err
	case 't', 'f':
		var b bool
		err := json.Unmarshal(a, &b)
		return b, err
	}
	if i, err := strconv.ParseInt(string(a), 10, 64); err == nil {
		return int(i), nil
	}
	f, err := strconv.ParseFloat(string(a), 64)
	if err != nil {
		return nil, fmt.Errorf("argument %s is not a string, number, duration or message", a)
	}
	return f, nil
}

// MetricsNotSetUp is why verify skips the metrics checks of a project
// without the bonus (model.Lab.MetricsSkip, a string, holds its English).
var MetricsNotSetUp = New("check.metrics_not_set_up")
