# preempted.gdb - tests/gdb/run's second session: on one CPU, with
# asynchronous preemption on, spin_forever (a loop without calls) can
# only have been preempted between two instructions, so at gdb_here it
# is runnable, parked inside asyncPreempt. Sections as in session.gdb.
set pagination off
set confirm off
set width 0
set python print-stack full
break gdb_here
continue
echo === info\n
info goroutines
echo === spin\n
goroutine spin_goid bt
echo === after\n
bt 1
echo === end\n
delete
continue
