// Command go-bench is bench/goro/main.c in Go: the same workloads,
// measured the same way, printed in the same format, so tools/bench can
// put each pair side by side. Run it with GOMAXPROCS=1 (one thread runs
// goroutines, as in goro).
//
// The stack benchmarks recurse through deep, whose frame is frame (128)
// bytes on amd64 as bench/goro's is: return address, saved frame pointer,
// two words the compiler keeps (the callee's argument spill slot, the
// index across the call) and a zeroed byte array, one byte of which is
// written before the call and read after it.
//
//	bench <name> <unit> <value>
package main

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

const (
	minTime = 200 * time.Millisecond
	parked  = 100000
	batch   = 100
)

// goschedPingpong: n switches between two goroutines that only yield.
func goschedPingpong(n int) {
	var wg sync.WaitGroup
	wg.Add(2)
	for k := 0; k < 2; k++ {
		go func() {
			for i := 0; i < n/2; i++ {
				runtime.Gosched()
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// chanRoundtrip: main sends on an unbuffered channel, a partner sends it back.
func chanRoundtrip(n int) {
	ping, pong := make(chan int), make(chan int)
	var done sync.WaitGroup
	done.Add(1)
	go func() {
		for v := range ping {
			pong <- v
		}
		done.Done()
	}()
	for i := 0; i < n; i++ {
		ping <- i
		<-pong
	}
	close(ping)
	done.Wait() // as bench/goro waits for its partner
}

// goRunExit: create, run and end goroutines in batches of 100.
func goRunExit(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i += batch {
		wg.Add(batch)
		for j := 0; j < batch; j++ {
			go wg.Done()
		}
		wg.Wait()
	}
}

// timedFrom runs fn with counts first, 2*first, ... until a run takes minTime: ns per op of that run.
func timedFrom(fn func(int), first int) float64 {
	for n := first; ; n *= 2 {
		t0 := time.Now()
		fn(n)
		t := time.Since(t0)
		if t >= minTime || n > math.MaxInt/2 {
			return float64(t.Nanoseconds()) / float64(n)
		}
	}
}

func timed(fn func(int)) float64 {
	return timedFrom(fn, 1000)
}

// pad makes deep's frame frame bytes: frame less the return address,
// the saved frame pointer and two words of spills (checked in the
// disassembly: SUBQ $0x78, SP).
const (
	frame = 128
	pad   = 96
)

// deep recurses n frames of frame bytes and returns n.
//
//go:noinline
func deep(n int) int {
	var pad [pad]byte
	pad[uint(n)&63] = 1
	r := 0
	if n > 1 {
		r = deep(n - 1)
	}
	return r + int(pad[uint(n)&63])
}

var (
	stackDepth int // frames: the benchmark's size / frame
	stackBad   int // recursions that did not return their depth
)

// stackFresh: n goroutines one after the other, each recursing stackDepth frames.
func stackFresh(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			if deep(stackDepth) != stackDepth {
				stackBad++
			}
			wg.Done()
		}()
		wg.Wait()
	}
}

// stackGrown: a goroutine recurses once to grow its stack, then times the same recursion as timedFrom does.
func stackGrown() float64 {
	var wg sync.WaitGroup
	var ns float64
	wg.Add(1)
	go func() {
		if deep(stackDepth) != stackDepth {
			stackBad++
		}
		for n := 1; ; n *= 2 {
			t0 := time.Now()
			for i := 0; i < n; i++ {
				if deep(stackDepth) != stackDepth {
					stackBad++
				}
			}
			t := time.Since(t0)
			if t >= minTime || n > math.MaxInt/2 {
				ns = float64(t.Nanoseconds()) / float64(n)
				break
			}
		}
		wg.Done()
	}()
	wg.Wait()
	return ns
}

// resident returns the resident set in bytes.
func resident() int64 {
	f, err := os.Open("/proc/self/statm")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	var size, rss int64
	if _, err := fmt.Fscan(f, &size, &rss); err != nil {
		panic(err)
	}
	return rss * 4096
}

// parkedGoroutine: resident set growth per goroutine with 100,000 parked on a receive.
func parkedGoroutine() float64 {
	gate := make(chan struct{})
	var started, ended sync.WaitGroup
	before := resident()
	started.Add(parked)
	ended.Add(parked)
	for i := 0; i < parked; i++ {
		go func() {
			started.Done()
			<-gate
			ended.Done()
		}()
	}
	started.Wait() // each ran until it parked on the gate
	after := resident()
	close(gate)
	ended.Wait() // all run out before the next benchmark starts
	return float64(after-before) / parked
}

// parallelWork: the time for workers goroutines to run steps
// xorshift steps each (no call in the loop), in ms.
const workers, steps = 8, 50000000

var workSink uint64
var workMu sync.Mutex

func worker(seed uint64, wg *sync.WaitGroup) {
	x := seed
	for i := 0; i < steps; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	workMu.Lock()
	workSink += x
	workMu.Unlock()
	wg.Done()
}

func parallelWork() float64 {
	t0 := time.Now()
	var wg sync.WaitGroup
	wg.Add(workers)
	for i := 0; i < workers; i++ {
		go worker(uint64(i+1), &wg)
	}
	wg.Wait()
	return float64(time.Since(t0).Nanoseconds()) / 1e6
}

// preemptLatency: the most a 1 ms sleep of main overran, in ms, while a
// goroutine spun with no call in its loop.
func preemptLatency() float64 {
	var stop int32
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		for atomic.LoadInt32(&stop) == 0 {
		}
		wg.Done()
	}()
	var worst time.Duration
	for i := 0; i < 20; i++ {
		t0 := time.Now()
		time.Sleep(time.Millisecond)
		if late := time.Since(t0) - time.Millisecond; late > worst {
			worst = late
		}
	}
	atomic.StoreInt32(&stop, 1)
	wg.Wait()
	return float64(worst.Nanoseconds()) / 1e6
}

// wakeLatency: main starts a goroutine and computes on until it runs, so
// another P, idle after a sleep, must wake and take it: the median time
// from go to its first instruction, in us.
func wakeLatency() float64 {
	const n = 200
	lat := make([]int64, n)
	base := time.Now()
	for i := 0; i < n; i++ {
		time.Sleep(200 * time.Microsecond)
		var woke int64
		t0 := int64(time.Since(base))
		go func() { atomic.StoreInt64(&woke, int64(time.Since(base))) }()
		for atomic.LoadInt64(&woke) == 0 {
		}
		lat[i] = atomic.LoadInt64(&woke) - t0
	}
	sort.Slice(lat, func(a, b int) bool { return lat[a] < lat[b] })
	return float64(lat[n/2]) / 1e3
}

func main() {
	only := ""
	if len(os.Args) > 1 {
		only = os.Args[1]
	}
	if only == "preempt-latency" {
		fmt.Printf("bench preempt-latency ms %.2f\n", preemptLatency())
		return
	}
	if only == "wake-latency" {
		fmt.Printf("bench wake-latency us %.2f\n", wakeLatency())
		return
	}
	if only == "parallel-work" {
		fmt.Printf("bench parallel-work ms/op %.1f\n# parallel-work: GOMAXPROCS=%d\n", parallelWork(), runtime.GOMAXPROCS(0))
		return
	}
	timers := []struct {
		name string
		fn   func(int)
	}{
		{"gosched-pingpong", goschedPingpong},
		{"chan-roundtrip", chanRoundtrip},
		{"go-run-exit", goRunExit},
	}
	for _, t := range timers {
		if only == "" || only == t.name {
			fmt.Printf("bench %s ns/op %.1f\n", t.name, timed(t.fn))
		}
	}
	if only == "" || only == "parked-goroutine" {
		fmt.Printf("bench parked-goroutine bytes/op %.0f\n# parked-goroutine: growth of the resident set\n",
			parkedGoroutine())
	}
	const (
		fresh = iota
		grown
		cold
	)
	stacks := []struct {
		name  string
		bytes int
		kind  int
	}{
		{"stack-fresh-64KiB", 64 << 10, fresh},
		{"stack-fresh-1MiB", 1 << 20, fresh},
		{"stack-fresh-16MiB", 16 << 20, fresh},
		{"stack-grown-64KiB", 64 << 10, grown},
		{"stack-grown-1MiB", 1 << 20, grown},
		{"stack-grown-16MiB", 16 << 20, grown},
		{"stack-cold-64KiB", 64 << 10, cold},
		{"stack-cold-1MiB", 1 << 20, cold},
		{"stack-cold-16MiB", 16 << 20, cold},
	}
	for _, s := range stacks {
		if (only != "" && only != s.name) || (only == "" && s.kind == cold) {
			continue
		}
		stackDepth = s.bytes / frame
		var ns float64
		switch s.kind {
		case cold:
			t0 := time.Now()
			stackFresh(1)
			ns = float64(time.Since(t0))
		case grown:
			ns = stackGrown()
		default:
			ns = timedFrom(stackFresh, 1)
		}
		if stackBad != 0 {
			fmt.Printf("bench %s: %d recursions did not return their depth\n", s.name, stackBad)
			os.Exit(1)
		}
		fmt.Printf("bench %s us/op %.1f\n", s.name, ns/1000)
	}
}
