//go:build !linux

package browsertest

import "syscall"

// childAttrs has nothing to add outside Linux.
func childAttrs() *syscall.SysProcAttr { return nil }
