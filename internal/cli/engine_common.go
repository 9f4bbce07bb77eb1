package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labctl/labctl/internal/dockerx"
	"github.com/labctl/labctl/internal/engine"
)

// connectEngine connects to the Docker engine (DOCKER_HOST, the current
// context, or the default socket) and wraps it in a engine.Engine.
func connectEngine(ctx context.Context, progress func(engine.Event)) (*engine.Engine, func(), error) {
	cli, ep, err := dockerx.Connect(ctx)
	if err != nil {
		return nil, nil, err
	}
	return engine.NewEngine(cli, ep.Local(), progress), func() { _ = cli.Close() }, nil
}

// engineError prints what an engine error carries beyond its one line (a
// service's last log lines, the end of a build log) and maps it to an exit
// code: 1 when the lab ran but failed, 2 for usage and environment.
func engineError(w io.Writer, err error) error {
	var nr *engine.NotReadyError
	var nrs engine.NotReadyErrors
	var be *engine.BuildError
	switch {
	case errors.As(err, &nrs):
		for _, e := range nrs {
			printLogTail(w, e)
		}
		return Failed(err)
	case errors.As(err, &nr):
		printLogTail(w, nr)
		return Failed(err)
	case errors.As(err, &be):
		if len(be.Tail) > 0 {
			fmt.Fprintf(w, "last lines of the %s build log:\n", be.Service)
			for _, l := range be.Tail {
				fmt.Fprintf(w, "  | %s\n", l)
			}
		}
		return Failed(err)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return Failed(err)
	}
	return err
}

func printLogTail(w io.Writer, e *engine.NotReadyError) {
	if len(e.Logs) == 0 {
		fmt.Fprintf(w, "%s wrote no log lines\n", e.Service)
		return
	}
	fmt.Fprintf(w, "last %d log lines of %s:\n", len(e.Logs), e.Service)
	for _, l := range e.Logs {
		fmt.Fprintf(w, "  %s | %s\n", e.Service, l)
	}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progressPrinter prints engine events on stderr: a live percentage per
// image on a terminal, plain lines otherwise, nothing when quiet.
type progressPrinter struct {
	w     io.Writer
	quiet bool
	tty   bool
	live  bool // a \r-rewritten pull line is on screen
}

func (p *progressPrinter) event(ev engine.Event) {
	if p.quiet {
		return
	}
	if ev.Kind == engine.EventPull && ev.Percent >= 0 {
		if p.tty {
			fmt.Fprintf(p.w, "\r\033[Kpulling %s: %3d%%", ev.Image, ev.Percent)
			p.live = true
		}
		return
	}
	if p.live {
		fmt.Fprint(p.w, "\r\033[K")
		p.live = false
	}
	switch ev.Kind {
	case engine.EventBuild:
		fmt.Fprintf(p.w, "%s build | %s\n", ev.Service, ev.Text)
	case engine.EventCreated, engine.EventStarted, engine.EventRemoved:
		fmt.Fprintf(p.w, "%-8s %s%s\n", string(ev.Kind), ev.Text, seconds(ev))
	case engine.EventReady:
		fmt.Fprintf(p.w, "ready    %s%s (%s)\n", ev.Service, seconds(ev), ev.Text)
	case engine.EventUpToDate:
		fmt.Fprintf(p.w, "kept     %s\n", ev.Text)
	case engine.EventWaiting:
		fmt.Fprintf(p.w, "waiting  %s for %s\n", ev.Service, ev.Text)
	default:
		if ev.Text != "" {
			fmt.Fprintln(p.w, ev.Text)
		}
	}
}

func seconds(ev engine.Event) string {
	if ev.Seconds <= 0 {
		return ""
	}
	return fmt.Sprintf(" [%.1fs]", ev.Seconds)
}

// table prints rows with columns padded to their widest cell.
func table(w io.Writer, header []string, rows [][]string) {
	widths := make([]int, len(header))
	for _, r := range append([][]string{header}, rows...) {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c)) // fmt pads by runes
		}
	}
	for _, r := range append([][]string{header}, rows...) {
		var b strings.Builder
		for i, c := range r {
			if i == len(r)-1 {
				b.WriteString(c)
				break
			}
			fmt.Fprintf(&b, "%-*s  ", widths[i], c)
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

func round(d time.Duration) string { return fmt.Sprintf("%.1fs", d.Seconds()) }
