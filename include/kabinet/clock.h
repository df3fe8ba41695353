/*
 * clock.h — the wall clock of the daemon and the TUI, with one seam for
 * tests.  When $KABINET_TEST_CLOCK names a file, the integer in it
 * (seconds, 0 when the file is missing) is added to the real time; the
 * file is read again whenever it changes, so a test moves both programs'
 * time forward while they run (tests/tools/clock-advance.sh, which moves
 * the sandbox's clock by as much).  Unset, the real time.
 */
#ifndef KABINET_CLOCK_H
#define KABINET_CLOCK_H

#include <time.h>

/* Now, in seconds since the epoch: time(NULL) plus the test offset. */
time_t	clock_now(void);
/* 1 when $KABINET_TEST_CLOCK is set: timers must then watch clock_now()
 * instead of trusting the real seconds to pass (daemon/timer.c). */
int	clock_is_test(void);

#endif
