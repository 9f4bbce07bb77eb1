package grade

import (
	"strings"
	"time"

	"github.com/labctl/labctl/internal/msg"
)

// The course's columns, in French and in English.
const tableColumnsFR, tableColumnsEN = "Tâche | Temps estimé | Temps passé | Commentaire", "Task | Estimated | Actual | Comment"

// totalSlack is how far a Total may be from the rows' sum and still match:
// decimal hours (0.33h) round to the minute.
const totalSlack = time.Minute

// scanTables finds the estimate table (the first with the course's columns
// whose durations all read) and checks its Total against its rows.
func scanTables(a *ReportAnalysis, lines []string) (est, total Finding) {
	est = Finding{ID: FindEstimateTable, Msg: msg.New("find.table.none", tableColumnsFR, tableColumnsEN)}
	total = Finding{ID: FindTotalMatches, Msg: msg.New("find.total.no_table")}
	var partial *table
	var partialMissing []string
	chosen := false
	for _, t := range tables(classify(lines)) {
		c := findColumns(t.header)
		if m := c.missing(); len(m) > 0 {
			// A table with the times but not every column is the student's
			// attempt: name what it lacks.
			if partial == nil && c.est >= 0 && (c.act >= 0 || c.task >= 0) {
				tt := t
				partial, partialMissing = &tt, m
			}
			continue
		}
		rows, tot, problem, pline := readTable(t, c)
		switch {
		case len(rows) == 0 && !chosen:
			est = Finding{ID: FindEstimateTable, Line: t.line, Quote: t.quote,
				Msg: msg.New("find.table.no_rows", t.line)}
			continue
		case problem != "" && !chosen:
			est = Finding{ID: FindEstimateTable, Line: pline, Quote: quote(lines[pline-1]),
				Msg: msg.New("find.table.problem", pline, msg.Quote(problem))}
			a.Rows, a.Total = rows, tot
			chosen = true // keep it unless a later table reads entirely
			continue
		case problem != "":
			continue
		}
		a.Rows, a.Total = rows, tot
		estSum, actSum := sums(rows)
		est = Finding{ID: FindEstimateTable, OK: true, Line: t.line, Quote: t.quote,
			Msg: msg.New("find.table.ok", len(rows), formatDuration(estSum), formatDuration(actSum))}
		total = checkTotal(t, rows, tot)
		return est, total
	}
	if chosen {
		total.Msg = msg.New("find.total.unreadable")
		return est, total
	}
	if partial != nil && est.Line == 0 {
		est = Finding{ID: FindEstimateTable, Line: partial.line, Quote: partial.quote,
			Msg: msg.New("find.table.partial", partial.line, strings.Join(partialMissing, ", "))}
	}
	return est, total
}

func sums(rows []TaskRow) (est, act time.Duration) {
	for _, r := range rows {
		if r.HasEstimate {
			est += r.Estimated
		}
		if r.HasActual {
			act += r.Actual
		}
	}
	return est, act
}

func checkTotal(t table, rows []TaskRow, tot *TaskRow) Finding {
	f := Finding{ID: FindTotalMatches}
	if tot == nil {
		f.Line, f.Quote = t.line, t.quote
		f.Msg = msg.New("find.total.none", t.line)
		return f
	}
	f.Line, f.Quote = tot.Line, tot.quote
	estSum, actSum := sums(rows)
	anyEst := false
	for _, r := range rows {
		anyEst = anyEst || r.HasEstimate
	}
	var wrong []msg.Message
	if tot.HasEstimate != anyEst || absDur(tot.Estimated-estSum) > totalSlack {
		wrong = append(wrong, msg.New("find.total.wrong_estimate", show(tot.Estimated, tot.HasEstimate), show(estSum, anyEst)))
	}
	if !tot.HasActual || absDur(tot.Actual-actSum) > totalSlack {
		wrong = append(wrong, msg.New("find.total.wrong_actual", show(tot.Actual, tot.HasActual), formatDuration(actSum)))
	}
	if len(wrong) > 0 {
		said := wrong[0]
		for _, w := range wrong[1:] {
			said = msg.New("find.total.and", said, w)
		}
		f.Msg = msg.New("find.total.wrong", said)
		return f
	}
	f.OK = true
	f.Msg = msg.New("find.total.ok", show(tot.Estimated, tot.HasEstimate), formatDuration(tot.Actual))
	return f
}

func show(d time.Duration, has bool) msg.Message {
	if !has {
		return msg.New("find.nothing")
	}
	return msg.Raw(formatDuration(d))
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
