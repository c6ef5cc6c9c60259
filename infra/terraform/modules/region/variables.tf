################################################################################
# Identity of the deployment
################################################################################

variable "region" {
  description = "AWS region this deployment runs in (for example `eu-central-1`). Must equal the region of the `aws` provider passed to the module: the module refuses to plan otherwise."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$", var.region))
    error_message = "region must be an AWS region code such as eu-central-1."
  }
}

variable "name" {
  description = "Short name of the deployment, used in resource names and the KMS alias `alias/charter-<name>`. Defaults to the region code."
  type        = string
  default     = null

  validation {
    condition     = var.name == null || can(regex("^[a-z][a-z0-9-]{0,22}[a-z0-9]$", var.name))
    error_message = "name must be 2-24 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "tags" {
  description = "Tags added to every resource the module creates (on top of the provider's default_tags)."
  type        = map(string)
  default     = {}
}

################################################################################
# Network
################################################################################

variable "vpc_cidr" {
  description = "IPv4 CIDR of the VPC. Public and private subnets are carved out of it as /(prefix+4) blocks."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && try(tonumber(split("/", var.vpc_cidr)[1]) >= 16 && tonumber(split("/", var.vpc_cidr)[1]) <= 20, false)
    error_message = "vpc_cidr must be a valid IPv4 CIDR with a prefix between /16 and /20."
  }
}

variable "az_count" {
  description = "Number of availability zones to spread subnets, tasks and the database over."
  type        = number
  default     = 2

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 3 && floor(var.az_count) == var.az_count
    error_message = "az_count must be 2 or 3 (the ALB and Multi-AZ RDS need at least two zones)."
  }
}

variable "enable_nat_gateway" {
  description = "Create NAT so tasks can reach the identity provider's JWKS endpoint (`mp.jwt.verify.publickey.location`) at `idp_egress_cidr_blocks`. AWS services are reached through VPC endpoints either way. Set to false when the public key is baked into the configuration."
  type        = bool
  default     = true
}

variable "nat_gateway_per_az" {
  description = "One NAT gateway (and private route table) per availability zone instead of one in the first zone: the identity provider stays reachable when a zone fails, for one gateway's cost per extra zone."
  type        = bool
  default     = false
}

variable "idp_egress_cidr_blocks" {
  description = "IPv4 CIDR blocks of the identity provider's JWKS endpoint, the only destination outside AWS the tasks may reach (HTTPS). Security groups filter addresses, not host names: list the provider's published ranges, and update them when it changes them. Empty when the verification key is provided inline (then set enable_nat_gateway = false)."
  type        = list(string)

  validation {
    condition     = alltrue([for c in var.idp_egress_cidr_blocks : can(cidrhost(c, 0)) && try(tonumber(split("/", c)[1]) >= 8, false)])
    error_message = "idp_egress_cidr_blocks must be IPv4 CIDR blocks no wider than /8 (never 0.0.0.0/0: egress is limited to AWS endpoints and the identity provider)."
  }
}

variable "ingress_cidr_blocks" {
  description = "IPv4 CIDR blocks allowed to reach the load balancer on ports 80 and 443."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = alltrue([for c in var.ingress_cidr_blocks : can(cidrhost(c, 0))])
    error_message = "ingress_cidr_blocks must contain valid IPv4 CIDR blocks."
  }
}

################################################################################
# Load balancer
################################################################################

variable "certificate_arn" {
  description = "ARN of the ACM certificate served by the HTTPS listener (must live in the same region)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN."
  }
}

variable "ssl_policy" {
  description = "TLS security policy of the HTTPS listener. Only policies that refuse anything older than TLS 1.2 are accepted."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  validation {
    condition = contains([
      "ELBSecurityPolicy-TLS13-1-2-2021-06",
      "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
      "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
      "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
      "ELBSecurityPolicy-TLS13-1-3-2021-06",
      "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
      "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
    ], var.ssl_policy)
    error_message = "ssl_policy must be one of the ELBSecurityPolicy-TLS13-* policies (TLS 1.2 minimum)."
  }
}

variable "alb_idle_timeout" {
  description = "Seconds the load balancer keeps an idle connection open. WebSocket clients ping well inside this window; it must be long, or idle mobile sessions are cut."
  type        = number
  default     = 3600

  validation {
    condition     = var.alb_idle_timeout >= 300 && var.alb_idle_timeout <= 4000
    error_message = "alb_idle_timeout must be between 300 and 4000 seconds (WebSockets need a long idle timeout)."
  }
}

variable "alb_deletion_protection" {
  description = "Protect the load balancer from deletion."
  type        = bool
  default     = true
}

variable "alb_access_logs" {
  description = "Write the load balancer's access logs to an S3 bucket in this region (`<name>-alb-logs-<account>`, SSE-S3, public access blocked, TLS only)."
  type        = bool
  default     = true
}

variable "alb_access_log_retention_days" {
  description = "Days the access logs (client addresses: personal data) are kept before S3 expires them. Unset: the longest minimum the jurisdiction profiles of this region's countries set for logs (logRetention), at least 30; a shorter value fails the plan."
  type        = number
  default     = null

  validation {
    condition     = var.alb_access_log_retention_days == null || try(var.alb_access_log_retention_days >= 1 && var.alb_access_log_retention_days <= 400 && floor(var.alb_access_log_retention_days) == var.alb_access_log_retention_days, false)
    error_message = "alb_access_log_retention_days must be a whole number of days between 1 and 400."
  }
}

################################################################################
# Service
################################################################################

variable "image_tag" {
  description = "Tag of the native image in this region's ECR repository (tags are immutable: use the release tag or the git SHA, never `latest`)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag)) && var.image_tag != "latest"
    error_message = "image_tag must be a valid, immutable Docker tag (not \"latest\")."
  }
}

variable "image" {
  description = "Full image reference overriding `<this region's ECR repository>:<image_tag>`. Leave null in production so images never leave the region."
  type        = string
  default     = null
}

variable "task_cpu" {
  description = "Fargate task CPU units."
  type        = number
  default     = 1024

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.task_cpu)
    error_message = "task_cpu must be a Fargate CPU size: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "task_memory" {
  description = "Fargate task memory in MiB (must be a valid combination with task_cpu)."
  type        = number
  default     = 2048

  validation {
    condition     = var.task_memory >= 512 && var.task_memory <= 122880 && var.task_memory % 512 == 0
    error_message = "task_memory must be a multiple of 512 MiB between 512 and 122880."
  }
}

variable "desired_count" {
  description = "Initial number of tasks. Autoscaling owns the count afterwards."
  type        = number
  default     = 2

  validation {
    condition     = var.desired_count >= 1
    error_message = "desired_count must be at least 1."
  }
}

variable "autoscaling" {
  description = "Autoscaling bounds and targets: tasks between min_capacity and max_capacity, tracking average CPU (%), ALB requests per target per minute, and open WebSocket connections per task."
  type = object({
    min_capacity         = optional(number, 2)
    max_capacity         = optional(number, 20)
    cpu_target           = optional(number, 60)
    requests_per_target  = optional(number, 3000)
    connections_per_task = optional(number, 20000)
  })
  default = {}

  validation {
    condition     = var.autoscaling.min_capacity >= 1 && var.autoscaling.max_capacity >= var.autoscaling.min_capacity
    error_message = "autoscaling.min_capacity must be >= 1 and <= max_capacity."
  }

  validation {
    condition     = var.autoscaling.cpu_target > 0 && var.autoscaling.cpu_target <= 90 && var.autoscaling.requests_per_target > 0 && var.autoscaling.connections_per_task > 0
    error_message = "autoscaling targets must be positive and cpu_target at most 90."
  }
}

variable "jwt_issuer" {
  description = "Expected `iss` of client tokens (`mp.jwt.verify.issuer`)."
  type        = string

  validation {
    condition     = length(trimspace(var.jwt_issuer)) > 0
    error_message = "jwt_issuer must not be empty."
  }
}

variable "jwt_publickey_location" {
  description = "Where the service reads the token verification key (`mp.jwt.verify.publickey.location`): an https JWKS/PEM URL of the identity provider."
  type        = string

  validation {
    condition     = can(regex("^https://", var.jwt_publickey_location))
    error_message = "jwt_publickey_location must be an https:// URL."
  }
}

variable "jwt_audiences" {
  description = "Audiences (`aud`) the identity provider puts in tokens for this service (`mp.jwt.verify.audiences`); tokens it issued to other apps are refused. The service does not start without it."
  type        = list(string)

  validation {
    condition     = length(var.jwt_audiences) > 0 && alltrue([for a in var.jwt_audiences : length(trimspace(a)) > 0 && !strcontains(a, ",")])
    error_message = "jwt_audiences must name at least one audience, none empty or containing a comma."
  }
}

variable "jwt_max_token_age_seconds" {
  description = "Maximum token age (`mp.jwt.verify.token.age`): a token whose `iat` is older is refused whatever its `exp`. Keep it above the identity provider's access-token lifetime."
  type        = number
  default     = 3600

  validation {
    condition     = var.jwt_max_token_age_seconds >= 60 && var.jwt_max_token_age_seconds <= 86400 && floor(var.jwt_max_token_age_seconds) == var.jwt_max_token_age_seconds
    error_message = "jwt_max_token_age_seconds must be a whole number of seconds between 60 and 86400."
  }
}

variable "receipt_signing_key_version" {
  description = "Generation of the receipt signing key in Secrets Manager (secrets.tf): raise it to replace the key. Keep the old public key to verify receipts signed before."
  type        = number
  default     = 1
}

variable "checkpoint_key_version" {
  description = "Generation of the audit checkpoint key in Secrets Manager (secrets.tf): raise it to replace the key."
  type        = number
  default     = 1
}

variable "environment" {
  description = "Extra environment variables for the container (for example `CHARTER_WS_MAX_FRAME_BYTES`). They cannot override the ones the module sets from its own resources."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.environment) : can(regex("^[A-Z_][A-Z0-9_]*$", k))])
    error_message = "environment keys must be upper-case environment variable names."
  }

  # Whom the service serves comes from the residency table in the image, for
  # CHARTER_REGION: an environment override would bypass the table's checks.
  validation {
    condition     = length(setintersection(keys(var.environment), ["CHARTER_COUNTRIES", "CHARTER_REGION_DIRECTORY"])) == 0
    error_message = "environment must not set CHARTER_COUNTRIES or CHARTER_REGION_DIRECTORY: the service derives both from the residency table (src/main/resources/jurisdictions/residency.json)."
  }

  # Peers come with the load balancer rule that admits them and the private
  # key from Secrets Manager (federation.tf): only federation_peers sets them.
  validation {
    condition     = length(setintersection(keys(var.environment), ["CHARTER_FEDERATION_PEERS", "CHARTER_FEDERATION_PEER_KEYS", "CHARTER_FEDERATION_PRIVATE_KEY"])) == 0
    error_message = "environment must not set CHARTER_FEDERATION_PEERS, CHARTER_FEDERATION_PEER_KEYS or CHARTER_FEDERATION_PRIVATE_KEY: set federation_peers (the private key comes from Secrets Manager, never from the plain environment)."
  }
}

variable "ledger_prefix" {
  description = "Key prefix in the ledger bucket under which the service writes the shred ledger and audit checkpoints; the task role can write and read only there."
  type        = string
  default     = "ledger/"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9/_-]*/$", var.ledger_prefix))
    error_message = "ledger_prefix must be lowercase, not start with / and end with /."
  }
}

variable "ledger_retention_days" {
  description = "Object Lock retention (COMPLIANCE mode) of every ledger object, in days. Nobody, root included, can shorten it or delete the object before it expires."
  type        = number
  default     = 2557

  validation {
    condition     = var.ledger_retention_days >= 1 && var.ledger_retention_days <= 36500 && floor(var.ledger_retention_days) == var.ledger_retention_days
    error_message = "ledger_retention_days must be a whole number of days between 1 and 36500."
  }
}

variable "log_retention_days" {
  description = "Retention of the service's CloudWatch log group, in days."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653)."
  }
}

################################################################################
# Keys
################################################################################

variable "admin_role_arns" {
  description = "IAM role ARNs allowed to run the region key's life cycle (enable, rotate, alias, tag, schedule deletion) and to let RDS, Secrets Manager, S3 and ECR use it on their behalf; never to decrypt directly, create grants of their own or change the key policy. Must include the role Terraform runs as."
  type        = list(string)

  validation {
    condition     = length(var.admin_role_arns) > 0 && alltrue([for a in var.admin_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", a))])
    error_message = "admin_role_arns must be a non-empty list of IAM role ARNs."
  }
}

variable "key_policy_admin_role_arns" {
  description = "IAM role ARNs that may change the region key's policy (kms:PutKeyPolicy), and nothing else on the key: a break-glass or security role, not the everyday deploy role. A change to kms.tf's policy is applied by a Terraform run as one of them."
  type        = list(string)

  validation {
    condition     = length(var.key_policy_admin_role_arns) > 0 && alltrue([for a in var.key_policy_admin_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", a))])
    error_message = "key_policy_admin_role_arns must be a non-empty list of IAM role ARNs (nobody could change the key policy otherwise)."
  }

  validation {
    condition     = length(setintersection(var.key_policy_admin_role_arns, var.admin_role_arns)) == 0
    error_message = "key_policy_admin_role_arns must not include an admin_role_arns role: the role that deploys must not be able to rewrite the key policy."
  }
}

variable "kms_deletion_window_in_days" {
  description = "Waiting period before the region key is deleted after being scheduled for deletion."
  type        = number
  default     = 30

  validation {
    condition     = var.kms_deletion_window_in_days >= 7 && var.kms_deletion_window_in_days <= 30
    error_message = "kms_deletion_window_in_days must be between 7 and 30."
  }
}

################################################################################
# Database
################################################################################

variable "db_engine_version" {
  description = "PostgreSQL engine version (major, or major.minor). The parameter group family follows the major version."
  type        = string
  default     = "16"

  validation {
    condition     = can(regex("^(1[5-9]|[2-9][0-9])(\\.[0-9]+)?$", var.db_engine_version))
    error_message = "db_engine_version must be PostgreSQL 15 or newer, such as \"16\" or \"16.8\"."
  }
}

variable "db_instance_class" {
  description = "RDS instance class: general purpose (db.m*) or memory optimised (db.r*), large to 24xlarge. Burstable classes (db.t*) are refused: a messaging database under steady load exhausts their CPU credits. Its memory sets max_connections, which must hold every task at peak (see `db_pool_max_size`)."
  type        = string
  default     = "db.m6g.xlarge"

  validation {
    condition     = can(regex("^db\\.[mr][0-9]+[a-z]*\\.([0-9]*x)?large$", var.db_instance_class))
    error_message = "db_instance_class must be a non-burstable db.m* or db.r* class such as db.m6g.xlarge or db.r7g.large (burstable db.t* classes run out of CPU credits under steady load)."
  }
}

variable "db_pool_max_size" {
  description = "Reactive connection pool of each task (`quarkus.datasource.reactive.max-size`). With the JDBC pool (2), the writer lanes and 3 LISTEN connections it makes a task's connections; at autoscaling.max_capacity, doubled during a deployment, they must fit the instance's max_connections, or the plan fails."
  type        = number
  default     = 20

  validation {
    condition     = var.db_pool_max_size >= 4 && var.db_pool_max_size <= 200 && floor(var.db_pool_max_size) == var.db_pool_max_size
    error_message = "db_pool_max_size must be a whole number between 4 and 200."
  }
}

variable "writer_lanes" {
  description = "Group-commit writer lanes per task (`charter.messaging.writer-lanes`), each with its own database connection."
  type        = number
  default     = 2

  validation {
    condition     = var.writer_lanes >= 1 && var.writer_lanes <= 16 && floor(var.writer_lanes) == var.writer_lanes
    error_message = "writer_lanes must be a whole number between 1 and 16."
  }
}

variable "db_allocated_storage" {
  description = "Initial storage in GiB; storage autoscaling grows it up to db_max_allocated_storage."
  type        = number
  default     = 50

  validation {
    condition     = var.db_allocated_storage >= 20 && var.db_allocated_storage <= 65536
    error_message = "db_allocated_storage must be between 20 and 65536 GiB."
  }
}

variable "db_max_allocated_storage" {
  description = "Upper bound of storage autoscaling in GiB."
  type        = number
  default     = 500

  validation {
    condition     = var.db_max_allocated_storage >= 20 && var.db_max_allocated_storage <= 65536
    error_message = "db_max_allocated_storage must be between 20 and 65536 GiB."
  }
}

variable "db_multi_az" {
  description = "Run the database as a Multi-AZ deployment (a synchronous standby in another zone of the same region)."
  type        = bool
  default     = true
}

variable "db_backup_retention_days" {
  description = "Days of automated backups (point-in-time recovery). Erased users stay erased in restored backups: their keys are shredded and the shred ledger is re-applied at start-up."
  type        = number
  default     = 14

  validation {
    condition     = var.db_backup_retention_days >= 7 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be between 7 and 35."
  }
}

variable "db_ca_bundle_path" {
  description = "Path of the RDS CA bundle inside the image (Dockerfile.native puts it there); the service verifies the database certificate and host name against it."
  type        = string
  default     = "/etc/charter/rds-ca.pem"

  validation {
    condition     = startswith(var.db_ca_bundle_path, "/")
    error_message = "db_ca_bundle_path must be an absolute path."
  }
}

################################################################################
# Federation (federation.tf)
################################################################################

variable "federation_peers" {
  description = "Other regions this one federates with, by region code: each peer's base URL (`https://host`, its public load balancer's host name), its Ed25519 public key (base64 X.509, 60 characters starting `MCowBQYDK2VwAyEA`; the peer root's output `federation_peer_entry`), the IPv4 CIDR blocks its requests come from (the peer's NAT addresses, output `federation_egress_ips`), the only sources the load balancer forwards `/v1/federation/` from, and the IPv4 CIDR blocks its load balancer answers on (`ingress_cidr_blocks`: its Global Accelerator or NLB static addresses, or its ALB's current addresses), the only addresses the tasks may call it at (HTTPS). A peer without `ingress_cidr_blocks` is admitted but cannot be called: the plan warns. Empty: federation off, the path refused at the load balancer."
  type = map(object({
    url                 = string
    public_key          = string
    egress_cidr_blocks  = list(string)
    ingress_cidr_blocks = optional(list(string), [])
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for r in keys(var.federation_peers) : can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$", r)) && r != var.region])
    error_message = "federation_peers must be keyed by AWS region codes such as us-east-1, other than this deployment's region."
  }

  validation {
    condition     = alltrue([for p in values(var.federation_peers) : can(regex("^https://[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?/?$", p.url))])
    error_message = "Each federation_peers url must be https://<host>[:port], without path, query, comma or credentials."
  }

  validation {
    condition     = alltrue([for p in values(var.federation_peers) : can(regex("^MCowBQYDK2VwAyEA[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$", p.public_key))])
    error_message = "Each federation_peers public_key must be a base64 X.509 Ed25519 public key (60 characters starting MCowBQYDK2VwAyEA: `openssl pkey -in key.der -inform DER -pubout -outform DER | base64 -w0`), never a private key or PEM."
  }

  validation {
    condition = alltrue(flatten([
      for p in values(var.federation_peers) : concat([length(p.egress_cidr_blocks) > 0], [
        for c in p.egress_cidr_blocks : can(cidrhost(c, 0)) && !strcontains(c, ":") && try(tonumber(split("/", c)[1]) >= 16 && cidrsubnet(c, 0, 0) == c, false)
      ])
    ]))
    error_message = "Each federation_peers egress_cidr_blocks must list at least one IPv4 CIDR block (the peer's NAT addresses as x.x.x.x/32), none wider than /16, written with its network address."
  }

  # source-ip takes at most 3 values per condition on an ALB rule: the allow
  # rules hold 3 blocks each, and a listener takes 100 rules.
  validation {
    condition     = length(distinct(flatten([for p in values(var.federation_peers) : p.egress_cidr_blocks]))) <= 30
    error_message = "federation_peers may list at most 30 distinct egress CIDR blocks in all (10 load balancer rules of 3)."
  }

  # The tasks call each peer at these addresses (ecs.tf, tasks_egress): one
  # HTTPS egress rule per distinct block, so a block is the narrowest set the
  # peer's load balancer answers on, never 0.0.0.0/0.
  validation {
    condition = alltrue(flatten([
      for p in values(var.federation_peers) : [
        for c in p.ingress_cidr_blocks : can(cidrhost(c, 0)) && !strcontains(c, ":") && try(tonumber(split("/", c)[1]) >= 16 && cidrsubnet(c, 0, 0) == c, false)
      ]
    ]))
    error_message = "Each federation_peers ingress_cidr_blocks entry must be an IPv4 CIDR block (the peer's load balancer addresses as x.x.x.x/32), no wider than /16, written with its network address: the tasks get HTTPS egress to each (never 0.0.0.0/0)."
  }

  # A security group holds 60 egress rules by default: the endpoints, S3, the
  # database and the identity provider's blocks take the rest.
  validation {
    condition     = length(distinct(flatten([for p in values(var.federation_peers) : p.ingress_cidr_blocks]))) <= 30
    error_message = "federation_peers may list at most 30 distinct ingress CIDR blocks in all (one task egress rule each, within the security group's 60)."
  }

  # Peers' requests leave this region through NAT, from federation_egress_ips.
  validation {
    condition     = length(var.federation_peers) == 0 || var.enable_nat_gateway
    error_message = "federation_peers needs enable_nat_gateway = true: requests to peers leave through the NAT gateways, whose addresses the peers admit."
  }
}

variable "federation_url" {
  description = "This region's own base URL as peers reach it (`https://chat-eu.example.com`: the host name pointed at this load balancer). Only reported back in the outputs for the peers' `federation_peers`; null when unknown."
  type        = string
  default     = null

  validation {
    condition     = var.federation_url == null || can(regex("^https://[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?/?$", var.federation_url))
    error_message = "federation_url must be https://<host>[:port], without path, query or comma."
  }
}

variable "federation_public_key" {
  description = "Public half (base64 X.509 Ed25519) of the private key the operator put in this region's secret `<name>/federation-private-key`. Only reported back in the outputs for the peers' `federation_peers`: the module cannot derive it; null until the key exists."
  type        = string
  default     = null

  validation {
    condition     = var.federation_public_key == null || can(regex("^MCowBQYDK2VwAyEA[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$", var.federation_public_key))
    error_message = "federation_public_key must be a base64 X.509 Ed25519 public key (60 characters starting MCowBQYDK2VwAyEA), never the private key."
  }
}

variable "federation_ingress_cidr_blocks" {
  description = "Addresses this region's load balancer answers on as peers call it (IPv4 CIDR blocks: the static addresses of a Global Accelerator or NLB in front of it, or the ALB's current addresses). Only reported in `federation_peer_entry`, for the peers' `ingress_cidr_blocks`: the module cannot know them. Empty until known."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for c in var.federation_ingress_cidr_blocks : can(cidrhost(c, 0)) && !strcontains(c, ":") && try(tonumber(split("/", c)[1]) >= 16 && cidrsubnet(c, 0, 0) == c, false)])
    error_message = "federation_ingress_cidr_blocks must be IPv4 CIDR blocks (this load balancer's addresses as x.x.x.x/32), no wider than /16, written with their network address (peers open egress to each)."
  }
}
