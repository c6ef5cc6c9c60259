################################################################################
# Federation: the other regions this one exchanges signed requests with
# (docs/federation.md). Each peer comes with its URL, its pinned Ed25519 public
# key and the addresses its requests leave from; the service gets them as
# CHARTER_FEDERATION_PEERS / CHARTER_FEDERATION_PEER_KEYS, and this region's
# private key as the ECS secret CHARTER_FEDERATION_PRIVATE_KEY. No peers: none
# of the three is set, and the service refuses every federation request.
#
# The private key is not generated here, unlike the receipt and checkpoint
# keys (secrets.tf): peers must pin its public half, which the AWS provider
# cannot derive, and a `tls_private_key` would keep the private key in state.
# The module creates the secret, empty and encrypted by the region key; the
# operator generates the pair on a trusted machine, puts the private half
# there and publishes the public half (var.federation_public_key, output
# `federation_peer_entry`), before any peer is listed:
#
#   openssl genpkey -algorithm ed25519 -outform DER -out fed.der
#   aws secretsmanager put-secret-value --secret-id <name>/federation-private-key \
#     --secret-string "$(base64 -w0 fed.der)"
#   openssl pkey -in fed.der -inform DER -pubout -outform DER | base64 -w0
#   shred -u fed.der
#
# A task whose secret has no value does not start: with peers listed before
# the key is put, the rollout fails and the circuit breaker keeps the tasks
# running without federation.
#
# On the load balancer, `/v1/federation` and everything under it reaches the
# tasks only from the peers' egress addresses; anything else gets a 404 there.
# The service verifies every request's signature whatever the source: this is
# defence in depth, not the control.
#
# The other way, the tasks call each peer (user lookups, forwarded sends,
# replication batches, erasures) over HTTPS, out through NAT, at the addresses
# the peer's load balancer answers on: the peer's `ingress_cidr_blocks` (not
# var.ingress_cidr_blocks, the sources this load balancer admits), one egress
# rule per distinct block in the task security group (ecs.tf, tasks_egress).
# Security groups filter addresses, not host names, so the operator lists them.
# A peer listed without them is admitted but cannot be called, and output
# `federation_unreachable_peers` names it. That is a report, not a refusal:
# listing a peer is also what admits its requests, and a region can admit a
# peer before it knows where to call it.
################################################################################

locals {
  federation_enabled = length(var.federation_peers) > 0
  federation_regions = sort(keys(var.federation_peers))

  federation_environment = local.federation_enabled ? {
    CHARTER_FEDERATION_PEERS     = join(",", [for r in local.federation_regions : "${r}=${trimsuffix(var.federation_peers[r].url, "/")}"])
    CHARTER_FEDERATION_PEER_KEYS = join(",", [for r in local.federation_regions : "${r}=${var.federation_peers[r].public_key}"])
  } : {}

  federation_secrets = local.federation_enabled ? [
    { name = "CHARTER_FEDERATION_PRIVATE_KEY", valueFrom = aws_secretsmanager_secret.federation_private_key.arn },
  ] : []

  # Every peer's egress block once, in a stable order; an ALB source-ip
  # condition takes at most 3 values (and a rule 5 in all, with the 2 paths).
  federation_source_cidrs       = sort(distinct(flatten([for r in local.federation_regions : var.federation_peers[r].egress_cidr_blocks])))
  federation_source_cidr_chunks = chunklist(local.federation_source_cidrs, 3)
  federation_paths              = ["/v1/federation", "/v1/federation/*"]

  # Allow rules take priorities 100-109 (at most 10: variables.tf), the refusal 200.
  federation_allow_priority  = 100
  federation_refuse_priority = 200

  # Where the tasks call the peers: each block once, with the peers that answer
  # there (two peers behind one accelerator share its rule).
  federation_destinations = {
    for c in sort(distinct(flatten([for r in local.federation_regions : var.federation_peers[r].ingress_cidr_blocks]))) :
    c => [for r in local.federation_regions : r if contains(var.federation_peers[r].ingress_cidr_blocks, c)]
  }
  federation_unreachable = [for r in local.federation_regions : r if length(var.federation_peers[r].ingress_cidr_blocks) == 0]
  federation_off_port    = [for r in local.federation_regions : r if !can(regex("^https://[^:/]+(:443)?/?$", var.federation_peers[r].url))]

  # Peers must reach the load balancer at all: when var.ingress_cidr_blocks does
  # not already admit everyone, their blocks are added on 443.
  federation_extra_ingress = contains(var.ingress_cidr_blocks, "0.0.0.0/0") ? [] : [
    for c in local.federation_source_cidrs : c if !contains(var.ingress_cidr_blocks, c)
  ]
}

resource "aws_secretsmanager_secret" "federation_private_key" {
  name                    = "${local.name}/federation-private-key"
  description             = "Charter ${var.region}: Ed25519 private key signing requests to peer regions (charter.federation.private-key); value put by the operator"
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = 30

  tags = local.tags
}

resource "aws_lb_listener_rule" "federation_from_peers" {
  count = length(local.federation_source_cidr_chunks)

  listener_arn = aws_lb_listener.https.arn
  priority     = local.federation_allow_priority + count.index

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  condition {
    path_pattern {
      values = local.federation_paths
    }
  }

  condition {
    source_ip {
      values = local.federation_source_cidr_chunks[count.index]
    }
  }

  tags = merge(local.tags, { Name = "${local.name}-federation-peers-${count.index}" })
}

resource "aws_lb_listener_rule" "federation_refused" {
  listener_arn = aws_lb_listener.https.arn
  priority     = local.federation_refuse_priority

  action {
    type = "fixed-response"

    fixed_response {
      content_type = "application/json"
      status_code  = "404"
      message_body = jsonencode({ status = 404, title = "Not Found", code = "not_found" })
    }
  }

  condition {
    path_pattern {
      values = local.federation_paths
    }
  }

  tags = merge(local.tags, { Name = "${local.name}-federation-refused" })
}

resource "aws_vpc_security_group_ingress_rule" "alb_https_from_peers" {
  for_each = toset(local.federation_extra_ingress)

  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from federation peers"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.value
}

# The egress rules open 443 only: a peer URL naming another port could not be
# called. A check block, so a warning: the plan goes on.
check "federation_peers_on_443" {
  assert {
    condition     = length(local.federation_off_port) == 0
    error_message = "Federation: the tasks may call peers on port 443 only, but the URL of ${join(", ", local.federation_off_port)} names another port: the tasks' security group refuses every call to it."
  }
}
