package scenario

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/labctl/labctl/internal/jaeger"
	"github.com/labctl/labctl/internal/msg"
)

// Options are one run of labctl scenario recommendation-cache.
type Options struct {
	Jaeger  string // --jaeger URL
	DemoDir string // --demo DIR
	Dir     string // labctl's directory, for scenario.json (.labctl)
	Enable  bool
	Watch   time.Duration
	// Poll is the time between two reads of Jaeger (3 s by default).
	Poll time.Duration
	// Lookback is how far before the start the spans already in Jaeger are
	// read for the demo's release (hence the attribute names); 2 minutes by
	// default. They never count in the verdict: Jaeger may still hold spans
	// of an earlier run, with the flag in another state.
	Lookback time.Duration
	// Window is the live view's sliding window (1 minute by default).
	Window time.Duration
	// Chunk is the span of one Jaeger search (Watcher.Chunk; 5 s by default).
	Chunk time.Duration

	Docker         Docker // nil: none
	ContainerAddrs bool
	HTTP           *http.Client

	// Progress receives the live view (Live: redrawn in place) or plain
	// lines; nil for none.
	Progress io.Writer
	Live     bool
	// Printer says the progress lines in the course's language (nil:
	// English, as they always were).
	Printer *msg.Printer
	Now     func() time.Time
}

// Result is what a run found; Evidence.Verdict.Proven says whether the
// leak was proven.
type Result struct {
	Demo         Demo
	Evidence     Evidence
	EvidencePath string
	// Enabled says --enable turned the flag on; Restored that it was put
	// back (RestoreErr when that failed).
	Enabled, Restored bool
	RestoreErr        error
}

// ErrEnvironment marks an error that is the environment's (nothing answers,
// no demo, a file that cannot be written), not the scenario's verdict.
var ErrEnvironment = errors.New("environment")

// envError is an error of the environment; errors.Is(err, ErrEnvironment).
type envError struct{ err error }

func (e envError) Error() string        { return e.err.Error() }
func (e envError) Unwrap() error        { return e.err }
func (e envError) Is(target error) bool { return target == ErrEnvironment }

func envErr(err error) error { return envError{err} }

func (o *Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// say prints a progress line in the course's language.
func (o *Options) say(m msg.Message) {
	if o.Progress != nil {
		fmt.Fprintln(o.Progress, o.printer().Say(m))
	}
}

func (o *Options) printer() *msg.Printer {
	if o.Printer == nil {
		return msg.For(msg.English)
	}
	return o.Printer
}

// Run finds the demo, reads (and with Enable, turns on) the flag, watches
// the spans for Watch, judges, writes DIR/scenario.json and puts the flag
// back when it changed it, also when ctx is cancelled (Ctrl-C).
func Run(ctx context.Context, o Options) (res Result, err error) {
	if o.Watch <= 0 {
		o.Watch = 2 * time.Minute
	}
	if o.Lookback <= 0 {
		o.Lookback = 2 * time.Minute
	}
	if o.Window <= 0 {
		o.Window = time.Minute
	}
	if o.Dir == "" {
		o.Dir = ".labctl"
	}
	hc := o.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 15 * time.Second}
	}
	demo, err := Find(ctx, o.Docker, FindOptions{Jaeger: o.Jaeger, DemoDir: o.DemoDir, ContainerAddrs: o.ContainerAddrs})
	if err != nil {
		return res, envErr(err)
	}
	if api, ok := demo.Flags.(FlagAPI); ok {
		api.Client = hc
		demo.Flags = api
	}
	res.Demo = demo

	j, err := jaeger.NewHTTP(demo.JaegerURL, hc)
	if err != nil {
		return res, envErr(err)
	}
	sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	services, err := j.Services(sctx)
	cancel()
	if err != nil {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		return res, envErr(fmt.Errorf("%w; check that the demo runs, or give its Jaeger UI with --jaeger http://HOST:8080/jaeger/ui", err))
	}
	service := pickService(services)
	o.say(msg.New("scenario.progress.found", Name, demo.Found, demo.JaegerURL))

	w := &Watcher{Jaeger: j, Service: service, Poll: o.Poll, Chunk: o.Chunk, Docker: o.Docker, Container: demo.Recommendation,
		PrometheusURL: demo.PrometheusURL, HTTP: hc, Now: o.Now}
	start := o.now()
	// What already reached Jaeger tells the release, hence the names.
	if service != "" {
		if err := w.Step(ctx, start.Add(-o.Lookback)); err != nil {
			return res, envErr(err)
		}
	}
	known := Known{}
	version := Summarize(w.Samples(), time.Time{}).Version
	if r, ok := ReleaseFor(version); ok {
		known.Release = &r
		w.Attributes = r.Attributes
	}
	names := FlagNames
	if known.Release != nil {
		names = []string{known.Release.Flag}
	}
	if demo.Flags != nil {
		known.Where = demo.Flags.Where()
		fl, ferr := demo.Flags.Read(ctx, names...)
		switch {
		case ferr == nil:
			known.Flag = &fl
		case o.Enable:
			return res, envErr(fmt.Errorf("--enable: %w; give the demo's folder with --demo DIR", ferr))
		default:
			o.say(msg.New("scenario.progress.flag_unread", msg.Quote(ferr.Error())))
			known.Where = ""
		}
	} else if o.Enable {
		return res, envErr(errors.New("--enable: no flag file or flag API found; give the demo's folder with --demo DIR"))
	}
	o.say(msg.New("scenario.start", describeStart(version, known, service)...))

	// The verdict reads the spans that started once the watch did (or once
	// --enable turned the flag on, below), never older ones.
	from := start
	if o.Enable && known.Flag != nil && !known.Flag.On() {
		old, err := demo.Flags.Set(ctx, known.Flag.Name, "on")
		if err != nil {
			return res, envErr(err)
		}
		kind, where := storeKind(demo.Flags)
		if err := saveRestore(o.Dir, Saved{Store: kind, Where: where, Flag: known.Flag.Name, Previous: old}); err != nil {
			// Without the record a kill would leave the flag on: undo now.
			_, _ = demo.Flags.Set(context.WithoutCancel(ctx), known.Flag.Name, old)
			return res, envErr(err)
		}
		res.Enabled = true
		known.Flag.DefaultVariant = "on"
		from = o.now() // before: the flag was off
		o.say(msg.New("scenario.progress.turned_on", known.Flag.Name, known.Where, old))
		defer func() {
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
			defer cancel()
			if _, rerr := Restore(rctx, o.Dir, hc); rerr != nil {
				res.RestoreErr = rerr
			} else {
				res.Restored = true
				o.say(msg.New("term.scenario.restored", known.Flag.Name, old, known.Where))
			}
		}()
	}

	view := &liveView{out: o.Progress, p: o.printer(), live: o.Live, window: o.Window, total: o.Watch, start: o.now(), from: from}
	until := o.now().Add(o.Watch)
	werr := w.Run(ctx, o.now(), until, func() {
		if w.Service == "" {
			// No recommendation spans yet: look again for the service.
			if s, err := j.Services(ctx); err == nil {
				w.Service = pickService(s)
			}
		}
		view.draw(w.Samples(), w.Health(), o.now())
	})
	if werr != nil {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		return res, envErr(werr)
	}
	view.done()
	if w.Service == "" {
		w.Service = ServiceNames[0]
	}
	sum := Summarize(w.Samples(), from)
	if known.Release == nil {
		if r, ok := ReleaseFor(sum.Version); ok {
			known.Release = &r
		}
	}
	known.Watched = o.now().Sub(from)
	v := Judge(sum, known)
	h := w.Health()
	res.Evidence = NewEvidence(o.now(), w.Service, sum, known, v, &h)
	path, err := SaveEvidence(o.Dir, res.Evidence)
	if err != nil {
		return res, envErr(err)
	}
	res.EvidencePath = path
	return res, nil
}

func pickService(services []string) string {
	for _, s := range ServiceNames {
		if slices.Contains(services, s) {
			return s
		}
	}
	return ""
}

func describeStart(version string, k Known, service string) []any {
	rel := msg.New("scenario.start.release_unknown")
	switch {
	case k.Release != nil:
		rel = msg.New("scenario.start.release_known", version, k.Release.Versions)
	case version != "":
		rel = msg.New("scenario.start.release_guessed", version)
	}
	fl := msg.New("scenario.start.flag_unknown")
	if k.Flag != nil {
		state := msg.New("scenario.start.off")
		if k.Flag.On() {
			state = msg.New("scenario.start.on")
		}
		fl = msg.New("scenario.start.flag", k.Flag.Name, state, k.Where)
	}
	svc := msg.Raw(service)
	if service == "" {
		svc = msg.New("scenario.start.no_service")
	}
	return []any{rel, fl, svc}
}
