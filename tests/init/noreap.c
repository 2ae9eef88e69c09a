/* SPDX-License-Identifier: MIT */
/* noreap: the control case of the zombie test, a PID 1 that does not do its
 * job. It runs argv[1] (a full path) with argv[1..] and waits for that child
 * alone (wait4 on its pid), never for the orphans the kernel hands it, then
 * exits with the child's code. The zombie check must fail under it, which
 * shows that the check can tell a reaping init from one that does not reap. */
#include <bedrock/process.h>

/* Fork, execve, wait for that one pid; 127 if the execve fails. */
int main(int argc, char **argv, char **envp)
{
	int pid, status, got;
	br_errno e;

	if (argc < 2)
		return 2;
	e = br_fork(&pid);
	if (e)
		return 1;
	if (pid == 0) {
		e = br_execve(argv[1], argv + 1, envp);
		br_exit_group(127);
	}
	do
		e = br_wait4(pid, &status, 0, NULL, &got);
	while (e == BR_EINTR);
	if (e)
		return 1;
	return br_wifexited(status) ? br_wexitstatus(status) : 128 + br_wtermsig(status);
}
