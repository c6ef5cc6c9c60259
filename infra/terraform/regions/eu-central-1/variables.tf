variable "allowed_account_ids" {
  description = "AWS account IDs this root may be applied to."
  type        = list(string)
}

variable "certificate_arn" {
  description = "ACM certificate ARN (in this region) for the API host name."
  type        = string
}

variable "admin_role_arns" {
  description = "IAM roles that administer the region key; include the role Terraform runs as."
  type        = list(string)
}

variable "key_policy_admin_role_arns" {
  description = "IAM roles that may change the region key's policy (a break-glass role, not an admin_role_arns role)."
  type        = list(string)
}

variable "idp_egress_cidr_blocks" {
  description = "IPv4 CIDR blocks of the identity provider's JWKS endpoint: the only destination outside AWS the tasks may reach."
  type        = list(string)
}

variable "image_tag" {
  description = "Immutable tag of the native image in this region's ECR repository."
  type        = string
}

variable "jwt_issuer" {
  description = "Issuer (iss) of the startup's identity provider."
  type        = string
}

variable "jwt_audiences" {
  description = "Audiences (aud) the identity provider puts in tokens for Charter."
  type        = list(string)
}

variable "jwt_publickey_location" {
  description = "https URL of the identity provider's verification keys."
  type        = string
}

variable "federation_peers" {
  description = "Peer regions by code: { url, public_key, egress_cidr_blocks, ingress_cidr_blocks }, each from the peer root's output federation_peer_entry and the addresses its load balancer answers on. Empty: federation off."
  type = map(object({
    url                 = string
    public_key          = string
    egress_cidr_blocks  = list(string)
    ingress_cidr_blocks = optional(list(string), [])
  }))
  default = {}
}

variable "federation_url" {
  description = "This region's https base URL as peers reach it, reported in federation_peer_entry."
  type        = string
  default     = null
}

variable "federation_ingress_cidr_blocks" {
  description = "Addresses this region's load balancer answers on as peers call it (/32s of its Global Accelerator or NLB, or of the ALB), reported in federation_peer_entry."
  type        = list(string)
  default     = []
}

variable "federation_public_key" {
  description = "Public half (base64 X.509 Ed25519) of the key put in the secret federation_private_key_secret_arn, reported in federation_peer_entry."
  type        = string
  default     = null
}
