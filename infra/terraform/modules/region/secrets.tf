################################################################################
# The service's own keys, generated here into Secrets Manager (encrypted by the
# region key) and injected into the task as ECS `secrets`: the Ed25519 key that
# signs deletion receipts and the HMAC key that signs audit checkpoints. The
# application refuses to start without them in prod (common/RequiredSettings).
#
# The values come from Secrets Manager's GetRandomPassword and are written
# through the write-only `secret_string_wo`, sent only when
# `secret_string_wo_version` changes: the secret versions never hold them in
# state, and later plans draw new random values that are not written. The
# state of the apply that creates (or replaces) a key does keep that value in
# the data source until the next refresh, so the state backend must be
# encrypted and readable by deployers only. (An ephemeral resource would keep
# it out of state entirely, but `terraform test`'s mock providers cannot mock
# ephemeral resources yet, and tests/ must run offline.) Bumping
# `receipt_signing_key_version` / `checkpoint_key_version` replaces a key; keep
# the old receipt key's public half (GET /v1/keys/receipt-signing-key) to verify
# receipts signed before.
#
# Only the AWS provider is used: the receipt key is a PKCS#8 Ed25519 private key
# in base64, whose first 22 characters are fixed by the encoding (16-byte
# header, then the 32-byte seed; the 22nd character carries the header's last 2
# bits and 4 seed bits, set to zero here) and whose last 42 characters are the
# rest of the seed: 42 random letters and digits, ~250 bits. The checkpoint key
# is 64 random letters and digits, valid base64 of 48 bytes (~380 bits).
################################################################################

locals {
  ed25519_pkcs8_base64_prefix = "MC4CAQAwBQYDK2VwBCIEIA"
}

data "aws_secretsmanager_random_password" "receipt_seed" {
  password_length            = 42
  exclude_punctuation        = true
  include_space              = false
  require_each_included_type = false
}

data "aws_secretsmanager_random_password" "checkpoint_key" {
  password_length            = 64
  exclude_punctuation        = true
  include_space              = false
  require_each_included_type = false
}

resource "aws_secretsmanager_secret" "receipt_signing_key" {
  name                    = "${local.name}/receipt-signing-key"
  description             = "Charter ${var.region}: Ed25519 private key signing deletion receipts (charter.keys.receipt.private-key)"
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = 30

  tags = local.tags
}

resource "aws_secretsmanager_secret_version" "receipt_signing_key" {
  secret_id                = aws_secretsmanager_secret.receipt_signing_key.id
  secret_string_wo         = "${local.ed25519_pkcs8_base64_prefix}${data.aws_secretsmanager_random_password.receipt_seed.random_password}"
  secret_string_wo_version = var.receipt_signing_key_version
}

resource "aws_secretsmanager_secret" "checkpoint_key" {
  name                    = "${local.name}/audit-checkpoint-key"
  description             = "Charter ${var.region}: HMAC key signing audit checkpoints (charter.audit.checkpoint-key)"
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = 30

  tags = local.tags
}

resource "aws_secretsmanager_secret_version" "checkpoint_key" {
  secret_id                = aws_secretsmanager_secret.checkpoint_key.id
  secret_string_wo         = data.aws_secretsmanager_random_password.checkpoint_key.random_password
  secret_string_wo_version = var.checkpoint_key_version
}
