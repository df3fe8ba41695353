/* nodump.c — no core dumps and no ptrace peers for a process with secrets. */
#include <sys/prctl.h>
#include <sys/resource.h>

#include "kabinet/nodump.h"

void
nodump(void)
{
	struct rlimit	rl = { 0, 0 };

	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	setrlimit(RLIMIT_CORE, &rl);
}
