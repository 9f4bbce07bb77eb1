package corpus

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/labctl/labctl/internal/annotate"
	"github.com/labctl/labctl/internal/lint"
	"github.com/labctl/labctl/internal/msg"
)

func TestZZDump(t *testing.T) {
	cases := loadCases(t)
	for _, c := range cases {
		dir, v := prepare(t, c, cases)
		res, err := lint.Run(context.Background(), lint.Options{Dir: filepath.Join(dir, v.Dir), Files: v.Files})
		if err != nil {
			fmt.Println("ERR", c.Name, err)
			continue
		}
		var b bytes.Buffer
		annotate.TextIn(&b, res.Findings, msg.For(msg.French))
		fmt.Printf("== %s\n%s", c.Name, b.String())
		for _, f := range res.Findings {
			fmt.Printf("   RAW? msg=%q fix=%q\n", f.Message.Key, f.Fix.Key)
		}
	}
}
