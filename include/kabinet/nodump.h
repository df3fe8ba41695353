/*
 * nodump.h — a process that holds secrets keeps them out of core files
 * and away from ptrace by other processes of the same user.
 */
#ifndef KABINET_NODUMP_H
#define KABINET_NODUMP_H

/* Not dumpable (no core, no ptrace peer without CAP_SYS_PTRACE, /proc
 * files of the process root's) and RLIMIT_CORE 0, soft and hard. */
void	nodump(void);

#endif
