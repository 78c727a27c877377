package report

import (
	"errors"
	"io"

	"github.com/tlscheck/tlscheck/checks"
)

// Placeholders so cmd/tlscheck compiles while the renderers are written;
// the report engineer replaces this file.

var errTODO = errors.New("renderer not written yet")

func Text(w io.Writer, r *Report, o Options) error                         { return errTODO }
func JSON(w io.Writer, r *Report) error                                    { return errTODO }
func SARIF(w io.Writer, r *Report) error                                   { return errTODO }
func List(w io.Writer, cs []*checks.Check, format string, o Options) error { return errTODO }
func Explain(w io.Writer, id string, o Options) error                      { return errTODO }
func CheckReference(w io.Writer) error                                     { return errTODO }
