package engine_test

import "errors"

func asErr[T error](err error, target *T) bool { return err != nil && errors.As(err, target) }
