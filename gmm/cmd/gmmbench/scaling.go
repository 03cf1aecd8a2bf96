package main

import "errors"

func scalingCommand(args []string) error { return errors.New("gmmbench: scaling: not yet") }
