/*
 * main.c - the `flowq` command: a table of subcommands and the dispatcher.
 * `flowq help` and `flowq --help` print the table; each subcommand has its
 * own --help generated from its option table.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int cmd_version(int argc, char **argv)
{
	printf("flowq %s\n", FLOWQ_VERSION);
	return 0;
}

static int cmd_help(int argc, char **argv);

static const struct command commands[] = {
	{"query", cmd_query, "run Athena (Trino) SQL over flow logs: flowq query 'SELECT ...' PATH..."},
	{"top-talkers", cmd_top_talkers, "who talks to whom: bytes by source and destination"},
	{"rejected", cmd_rejected, "rejected traffic by source and destination port"},
	{"unusual-ports", cmd_unusual_ports, "accepted traffic to ports outside an allow list"},
	{"cat", cmd_cat, "print decoded records (csv, tsv, json, ndjson, table)"},
	{"schema", cmd_schema, "formats, files, partitions, time span and problems of the input"},
	{"fields", cmd_fields, "the field catalogue: every field of versions 2 to 8"},
	{"generate", cmd_generate, "write a synthetic VPC's flow logs and inventory, as AWS does"},
	{"version", cmd_version, "print the version"},
	{"help", cmd_help, "this list"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: flowq COMMAND [OPTIONS] [PATH...]\n\n"
		   "flowq reads AWS VPC Flow Logs as AWS writes them (S3 layout, gzip, headers)\n"
		   "and answers questions about them.\n\ncommands:\n");
	for (size_t i = 0; i < FQ_ARRAY_LEN(commands); i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'flowq COMMAND --help' describes a command. PATH is a file, a directory or - (stdin).\n");
}

static int cmd_help(int argc, char **argv)
{
	usage(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(argc - 1, argv + 1);
	for (size_t i = 0; i < FQ_ARRAY_LEN(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "flowq: unknown command '%s'\n", argv[1]);
	const char *best = NULL;
	int bestd = 3;
	for (size_t i = 0; i < FQ_ARRAY_LEN(commands); i++) {
		int d = fq_edit_distance(argv[1], commands[i].name);
		if (d < bestd) {
			bestd = d;
			best = commands[i].name;
		}
	}
	if (best)
		fprintf(stderr, "hint: did you mean '%s'?\n", best);
	fprintf(stderr, "run 'flowq help' for the list of commands\n");
	return EXIT_USAGE;
}

