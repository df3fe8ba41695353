/*
 * blackhole — a TCP port on 127.0.0.1 that never completes a handshake,
 * as a lender host that is down behind a firewall that drops packets:
 * a client's connect() hangs until its own connect timeout.
 *
 *   blackhole PORTFILE
 *
 * Listens with a backlog of 0 and never accepts, then fills the accept
 * queue with its own connections; from then on the kernel drops every
 * further SYN to the port.  Writes the port to PORTFILE once that is so
 * and sleeps until killed.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FILLERS	8

int
main(int argc, char **argv)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof sin;
	struct pollfd		 pfd;
	FILE			*f;
	int			 lfd, fd, i, hung = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: blackhole PORTFILE\n");
		return 2;
	}
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((lfd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(lfd, (struct sockaddr *)&sin, sizeof sin) == -1 ||
	    listen(lfd, 0) == -1 ||
	    getsockname(lfd, (struct sockaddr *)&sin, &len) == -1) {
		perror("blackhole: listen");
		return 1;
	}
	/* Connect until one of ours hangs: the queue is full then. */
	for (i = 0; i < FILLERS && !hung; i++) {
		if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) == -1) {
			perror("blackhole: socket");
			return 1;
		}
		if (connect(fd, (struct sockaddr *)&sin, sizeof sin) == 0)
			continue;
		if (errno != EINPROGRESS) {
			perror("blackhole: connect");
			return 1;
		}
		pfd.fd = fd;
		pfd.events = POLLOUT;
		if (poll(&pfd, 1, 500) == 0)
			hung = 1;
	}
	if (!hung) {
		fprintf(stderr, "blackhole: the accept queue never filled\n");
		return 1;
	}
	if ((f = fopen(argv[1], "w")) == NULL ||
	    fprintf(f, "%d\n", ntohs(sin.sin_port)) < 0 || fclose(f) != 0) {
		perror(argv[1]);
		return 1;
	}
	for (;;)
		pause();
}
