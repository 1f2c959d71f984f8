/*
 * tls.h - the unit tests' current g: the hosted platform's, a thread
 * variable that a test sets by hand (goro_g). The unit tests are a
 * platform of their own (tests/unit/run: this folder, memlayout.h, and
 * no plat/ folder on the include path), so this names the file it
 * takes by its path rather than shadowing anything.
 */
#include "../../plat/hosted/tls.h"
