//go:build !linux

package serverproc

import "syscall"

// childAttrs has nothing to add outside Linux.
func childAttrs() *syscall.SysProcAttr { return nil }
