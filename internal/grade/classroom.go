package grade

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
)

// The result a GitHub Classroom grader step outputs, as the
// autograding-grading-reporter action decodes it: it sums the tests'
// score against max_score ("Points X/Y"), and fails the run when status
// is "fail" or "error".
type (
	classroomResult struct {
		Version  int             `json:"version"`
		Status   string          `json:"status"`
		MaxScore int             `json:"max_score"`
		Tests    []classroomTest `json:"tests"`
	}
	classroomTest struct {
		Name     string  `json:"name"`
		Status   string  `json:"status"`
		Message  string  `json:"message"`
		TestCode string  `json:"test_code"`
		Filename string  `json:"filename"`
		LineNo   int     `json:"line_no"`
		Duration float64 `json:"duration"`
		Score    int     `json:"score"`
	}
)

// ClassroomJSON is the Result as Classroom's autograding reads it: one
// test per checked criterion worth one point, so that the reporter's score
// is the number of criteria met and max_score the number checked.
// Criteria not checked are left out (the reporter counts every test it
// lists). status is "error" when grading did not finish, "fail" when a
// criterion is not met. r may be nil: the Result carries its criteria.
func ClassroomJSON(r *Rubric, res *Result) ([]byte, error) {
	out := classroomResult{Version: 1, Status: "pass", MaxScore: res.Max, Tests: []classroomTest{}}
	for _, c := range res.Criteria {
		if !c.Checked {
			continue
		}
		t := classroomTest{Name: c.Group + " — " + c.Text, Status: "fail", Message: c.Evidence,
			TestCode: c.Proof, Filename: c.File, LineNo: c.Line}
		if c.Met {
			t.Status, t.Score = "pass", 1
		} else {
			out.Status = "fail"
		}
		out.Tests = append(out.Tests, t)
	}
	if res.Error != "" || len(out.Tests) == 0 { // nothing graded is no pass
		out.Status = "error"
	}
	data, err := json.Marshal(out)
	if err != nil {
		return nil, fmt.Errorf("write the Classroom result: %w", err)
	}
	return data, nil
}

// ClassroomBase64 is ClassroomJSON in base64, the form the reporter reads
// from the env var <RUNNER-ID>_RESULTS (a step's `result` output).
func ClassroomBase64(r *Rubric, res *Result) (string, error) {
	data, err := ClassroomJSON(r, res)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(data), nil
}
