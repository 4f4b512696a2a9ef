/*
 * fields.h - the field catalogue: every field AWS defines for VPC (and
 * Transit Gateway) flow log records, versions 2 to 8.  One table, one truth:
 * the parser, the SQL binder, `flowq fields` and docs/fields.md all read it.
 *
 * Column ids: the catalogue fields are columns 0..FLD_COUNT-1 (in table
 * order), the path partitions follow (COL_DT...), and fields a header names
 * that the catalogue does not know ("extras") are numbered from COL_EXTRA.
 */
#ifndef FQ_FIELDS_H
#define FQ_FIELDS_H

#include "base/types.h"

enum fld_kind {
	FK_INT32,  /* 0 .. 2^31-1, range-checked per field (ports, protocol, ...) */
	FK_INT64,  /* 0 .. 2^63-1 */
	FK_STRING, /* any token */
	FK_ADDR,   /* an IPv4 or IPv6 address, kept as the text written */
	FK_ACCOUNT, /* an AWS account ID: digits, or 'unknown' */
};

/* X(ident, aws_name, column, version, kind, max, meaning) */
#define FLD_TABLE(X)                                                                            \
	X(VERSION, "version", "version", 2, FK_INT32, 255, "flow log version of the record")     \
	X(ACCOUNT_ID, "account-id", "account_id", 2, FK_ACCOUNT, 0,                                \
	  "AWS account ID of the owner of the source network interface (may be 'unknown')")       \
	X(INTERFACE_ID, "interface-id", "interface_id", 2, FK_STRING, 0,                          \
	  "ID of the network interface the traffic is recorded for")                              \
	X(SRCADDR, "srcaddr", "srcaddr", 2, FK_ADDR, 0,                                           \
	  "source address (incoming: the source; outgoing: the interface's private IP)")          \
	X(DSTADDR, "dstaddr", "dstaddr", 2, FK_ADDR, 0, "destination address")                    \
	X(SRCPORT, "srcport", "srcport", 2, FK_INT32, 65535, "source port")                       \
	X(DSTPORT, "dstport", "dstport", 2, FK_INT32, 65535, "destination port")                  \
	X(PROTOCOL, "protocol", "protocol", 2, FK_INT32, 255, "IANA protocol number (6 TCP, 17 UDP, 1 ICMP)") \
	X(PACKETS, "packets", "packets", 2, FK_INT64, 0, "packets transferred during the flow")    \
	X(BYTES, "bytes", "bytes", 2, FK_INT64, 0, "bytes transferred during the flow")           \
	X(START, "start", "start", 2, FK_INT64, 0,                                                \
	  "Unix seconds of the first packet in the aggregation interval (milliseconds in the input are converted)") \
	X(END, "end", "end", 2, FK_INT64, 0,                                                      \
	  "Unix seconds of the last packet in the aggregation interval (milliseconds in the input are converted)") \
	X(ACTION, "action", "action", 2, FK_STRING, 0, "ACCEPT or REJECT")                        \
	X(LOG_STATUS, "log-status", "log_status", 2, FK_STRING, 0, "OK, NODATA or SKIPDATA")      \
	X(VPC_ID, "vpc-id", "vpc_id", 3, FK_STRING, 0, "ID of the VPC of the network interface") \
	X(SUBNET_ID, "subnet-id", "subnet_id", 3, FK_STRING, 0, "ID of the subnet of the network interface") \
	X(INSTANCE_ID, "instance-id", "instance_id", 3, FK_STRING, 0,                             \
	  "ID of the instance attached to the interface, if you own it")                          \
	X(TCP_FLAGS, "tcp-flags", "tcp_flags", 3, FK_INT32, 255,                                  \
	  "bitwise OR of TCP flags seen: FIN 1, SYN 2, RST 4, PSH 8, ACK 16, URG 32")              \
	X(TYPE, "type", "type", 3, FK_STRING, 0, "IPv4, IPv6 or EFA")                             \
	X(PKT_SRCADDR, "pkt-srcaddr", "pkt_srcaddr", 3, FK_ADDR, 0, "packet-level (original) source address") \
	X(PKT_DSTADDR, "pkt-dstaddr", "pkt_dstaddr", 3, FK_ADDR, 0, "packet-level (original) destination address") \
	X(REGION, "region", "region", 4, FK_STRING, 0, "Region of the network interface")         \
	X(AZ_ID, "az-id", "az_id", 4, FK_STRING, 0, "Availability Zone ID of the network interface") \
	X(SUBLOCATION_TYPE, "sublocation-type", "sublocation_type", 4, FK_STRING, 0,              \
	  "wavelength, outpost or localzone")                                                     \
	X(SUBLOCATION_ID, "sublocation-id", "sublocation_id", 4, FK_STRING, 0, "ID of the sublocation") \
	X(PKT_SRC_AWS_SERVICE, "pkt-src-aws-service", "pkt_src_aws_service", 5, FK_STRING, 0,     \
	  "AWS service of pkt-srcaddr (AMAZON, S3, EC2, ...)")                                     \
	X(PKT_DST_AWS_SERVICE, "pkt-dst-aws-service", "pkt_dst_aws_service", 5, FK_STRING, 0,     \
	  "AWS service of pkt-dstaddr")                                                           \
	X(FLOW_DIRECTION, "flow-direction", "flow_direction", 5, FK_STRING, 0, "ingress or egress") \
	X(TRAFFIC_PATH, "traffic-path", "traffic_path", 5, FK_INT32, 255,                         \
	  "path egress traffic takes (1 same VPC ... 8 VPC peering)")                             \
	X(RESOURCE_TYPE, "resource-type", "resource_type", 6, FK_STRING, 0,                       \
	  "type of resource (TransitGateway)")                                                    \
	X(TGW_ID, "tgw-id", "tgw_id", 6, FK_STRING, 0, "ID of the transit gateway")              \
	X(TGW_ATTACHMENT_ID, "tgw-attachment-id", "tgw_attachment_id", 6, FK_STRING, 0,           \
	  "ID of the transit gateway attachment")                                                 \
	X(TGW_SRC_VPC_ACCOUNT_ID, "tgw-src-vpc-account-id", "tgw_src_vpc_account_id", 6, FK_ACCOUNT, 0, \
	  "account ID of the source VPC")                                                         \
	X(TGW_DST_VPC_ACCOUNT_ID, "tgw-dst-vpc-account-id", "tgw_dst_vpc_account_id", 6, FK_ACCOUNT, 0, \
	  "account ID of the destination VPC")                                                    \
	X(TGW_SRC_VPC_ID, "tgw-src-vpc-id", "tgw_src_vpc_id", 6, FK_STRING, 0, "ID of the source VPC") \
	X(TGW_DST_VPC_ID, "tgw-dst-vpc-id", "tgw_dst_vpc_id", 6, FK_STRING, 0, "ID of the destination VPC") \
	X(TGW_SRC_SUBNET_ID, "tgw-src-subnet-id", "tgw_src_subnet_id", 6, FK_STRING, 0,           \
	  "ID of the source subnet")                                                              \
	X(TGW_DST_SUBNET_ID, "tgw-dst-subnet-id", "tgw_dst_subnet_id", 6, FK_STRING, 0,           \
	  "ID of the destination subnet")                                                         \
	X(TGW_SRC_ENI, "tgw-src-eni", "tgw_src_eni", 6, FK_STRING, 0, "source transit gateway attachment ENI") \
	X(TGW_DST_ENI, "tgw-dst-eni", "tgw_dst_eni", 6, FK_STRING, 0, "destination transit gateway attachment ENI") \
	X(TGW_SRC_AZ_ID, "tgw-src-az-id", "tgw_src_az_id", 6, FK_STRING, 0, "source Availability Zone ID") \
	X(TGW_DST_AZ_ID, "tgw-dst-az-id", "tgw_dst_az_id", 6, FK_STRING, 0, "destination Availability Zone ID") \
	X(TGW_PAIR_ATTACHMENT_ID, "tgw-pair-attachment-id", "tgw_pair_attachment_id", 6, FK_STRING, 0, \
	  "the other attachment of the flow")                                                     \
	X(PACKETS_LOST_NO_ROUTE, "packets-lost-no-route", "packets_lost_no_route", 6, FK_INT64, 0, \
	  "packets lost: no route")                                                               \
	X(PACKETS_LOST_BLACKHOLE, "packets-lost-blackhole", "packets_lost_blackhole", 6, FK_INT64, 0, \
	  "packets lost: blackhole route")                                                        \
	X(PACKETS_LOST_MTU_EXCEEDED, "packets-lost-mtu-exceeded", "packets_lost_mtu_exceeded", 6,  \
	  FK_INT64, 0, "packets lost: size over MTU")                                             \
	X(PACKETS_LOST_TTL_EXPIRED, "packets-lost-ttl-expired", "packets_lost_ttl_expired", 6,     \
	  FK_INT64, 0, "packets lost: TTL expired")                                               \
	X(ECS_CLUSTER_ARN, "ecs-cluster-arn", "ecs_cluster_arn", 7, FK_STRING, 0, "ARN of the ECS cluster") \
	X(ECS_CLUSTER_NAME, "ecs-cluster-name", "ecs_cluster_name", 7, FK_STRING, 0, "name of the ECS cluster") \
	X(ECS_CONTAINER_INSTANCE_ARN, "ecs-container-instance-arn", "ecs_container_instance_arn", 7, \
	  FK_STRING, 0, "ARN of the ECS container instance")                                      \
	X(ECS_CONTAINER_INSTANCE_ID, "ecs-container-instance-id", "ecs_container_instance_id", 7,  \
	  FK_STRING, 0, "ID of the ECS container instance")                                       \
	X(ECS_CONTAINER_ID, "ecs-container-id", "ecs_container_id", 7, FK_STRING, 0,              \
	  "Docker runtime ID of the container")                                                   \
	X(ECS_SECOND_CONTAINER_ID, "ecs-second-container-id", "ecs_second_container_id", 7,        \
	  FK_STRING, 0, "Docker runtime ID of a second container")                                \
	X(ECS_SERVICE_NAME, "ecs-service-name", "ecs_service_name", 7, FK_STRING, 0, "name of the ECS service") \
	X(ECS_TASK_DEFINITION_ARN, "ecs-task-definition-arn", "ecs_task_definition_arn", 7,        \
	  FK_STRING, 0, "ARN of the ECS task definition")                                         \
	X(ECS_TASK_ARN, "ecs-task-arn", "ecs_task_arn", 7, FK_STRING, 0, "ARN of the ECS task")   \
	X(ECS_TASK_ID, "ecs-task-id", "ecs_task_id", 7, FK_STRING, 0, "ID of the ECS task")       \
	X(REJECT_REASON, "reject-reason", "reject_reason", 8, FK_STRING, 0,                       \
	  "why traffic was rejected (BPA: VPC Block Public Access)")

enum fld_id {
#define X(id, aws, col, ver, kind, max, meaning) FLD_##id,
	FLD_TABLE(X)
#undef X
	FLD_COUNT
};

/* Partition columns taken from the S3 key, after the catalogue fields. */
enum {
	COL_DT = FLD_COUNT, /* 'YYYY/MM/DD' */
	COL_YEAR,
	COL_MONTH,
	COL_DAY,
	COL_HOUR,
	COL_EXTRA, /* first column id of header fields the catalogue does not know */
};
#define PART_COUNT (COL_EXTRA - COL_DT)

struct fld_def {
	const char *aws_name;
	const char *column;
	int version;
	enum fld_kind kind;
	int64_t max; /* FK_INT32 upper bound; 0 for the others */
	const char *meaning;
};

extern const struct fld_def fld_defs[FLD_COUNT];

/* The default format: the 14 version 2 fields in AWS's order. */
extern const int fld_default_v2[14];

/* Look up a field by its AWS name (hyphens) or column name (underscores),
 * case-insensitive; start_time/end_time answer for start/end.  -1 if unknown. */
int fld_lookup(const char *name, size_t len);
/* The SQL type of a catalogue field's column. */
enum fq_type fld_sql_type(int fld);
/* Name of a partition column (COL_DT..COL_HOUR). */
const char *part_column_name(int col);

#endif
