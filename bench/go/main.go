// Command go-bench is bench/goro/main.c in Go: the same four workloads,
// measured the same way, printed in the same format, so tools/bench can
// put each pair side by side. Run it with GOMAXPROCS=1 (one thread runs
// goroutines, as in goro).
//
//	bench <name> <unit> <value>
package main

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"sync"
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

// timed runs fn with counts 1000, 2000, ... until a run takes minTime: ns per op of that run.
func timed(fn func(int)) float64 {
	for n := 1000; ; n *= 2 {
		t0 := time.Now()
		fn(n)
		t := time.Since(t0)
		if t >= minTime || n > math.MaxInt/2 {
			return float64(t.Nanoseconds()) / float64(n)
		}
	}
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
	var started sync.WaitGroup
	before := resident()
	started.Add(parked)
	for i := 0; i < parked; i++ {
		go func() {
			started.Done()
			<-gate
		}()
	}
	started.Wait() // each ran until it parked on the gate
	after := resident()
	close(gate)
	time.Sleep(time.Millisecond) // let them all end
	return float64(after-before) / parked
}

func main() {
	only := ""
	if len(os.Args) > 1 {
		only = os.Args[1]
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
}
