# session.gdb - what tests/gdb/run has gdb do with the gdb appliance
# (main.c) on two CPUs, one command a line, each given to gdb as its own -ex so that
# one failing does not skip the rest. "echo === NAME" lines start the
# sections tests/gdb/run checks.
set pagination off
set confirm off
set width 0
set python print-stack full
break probe
break gdb_here
continue
echo === probe-1\n
bt
p/x $sp
continue
echo === probe-200\n
bt 3
bt -3
p/x $sp
p/x $goroutine(deep_goid)->stacklo
p/x $goroutine(deep_goid)->stackhi
continue
echo === here\n
bt 2
echo === info\n
info goroutines
echo === deep\n
goroutine deep_goid bt 6
goroutine deep_goid bt -3
echo === recv\n
goroutine recv_goid bt
echo === spin\n
goroutine spin_goid bt 2
echo === after\n
bt 1
echo === end\n
delete
continue
