# cold.sh — sourced by run.sh (after lib.sh) with the sandbox up and no
# daemon on the sockets it names.
#   cold_start N: the median ms of N runs of `kabinet status --json` that
#   must start kabinetd (the real clock, as users run it); the last
#   answer is left in cold.json.  Each daemon it started is stopped by
#   its pid (found by its own socket path in /proc).

# daemon_on SOCK: the pid of the kabinetd serving SOCK, if any.
daemon_on () {
	for do_p in /proc/[0-9]*; do
		do_c=$( (tr '\0' ' ' <"$do_p/cmdline") 2>/dev/null) || continue
		if [ "$do_c" = "$B/kabinetd -S $1 " ]; then
			echo "${do_p#/proc/}"
			return 0
		fi
	done
	return 1
}

cold_start () {
	cs_i=0
	: >cold.ms
	while [ "$cs_i" -lt "$1" ]; do
		cs_sock=$XDG_RUNTIME_DIR/cold$cs_i.sock
		cs_t0=$(date +%s%N)
		env -u KABINET_TEST_CLOCK "$B/kabinet" -S "$cs_sock" status \
		    --json >cold.json 2>cold.err
		cs_t1=$(date +%s%N)
		echo $(((cs_t1 - cs_t0) / 1000)) >>cold.ms
		cs_pid=$(daemon_on "$cs_sock") && kill -TERM "$cs_pid"
		cs_i=$((cs_i + 1))
	done
	sort -n cold.ms |
	    awk '{ v[NR] = $1 } END { printf "%.1f\n", v[int((NR + 1) / 2)] / 1000 }'
}
