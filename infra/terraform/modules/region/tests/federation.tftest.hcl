# Federation with peer regions (federation.tf), planned offline against a
# mocked AWS provider: the service's peer settings, its private key from
# Secrets Manager, the load balancer admitting /v1/federation from the
# peers' egress addresses only, and the tasks' HTTPS egress to the addresses
# the peers' load balancers answer on.

mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

override_resource {
  target          = aws_secretsmanager_secret.receipt_signing_key
  override_during = plan
  values = {
    arn = "arn:aws:secretsmanager:eu-central-1:111122223333:secret:charter-eu-central-1/receipt-signing-key-AbCdEf"
    id  = "arn:aws:secretsmanager:eu-central-1:111122223333:secret:charter-eu-central-1/receipt-signing-key-AbCdEf"
  }
}

override_resource {
  target          = aws_secretsmanager_secret.checkpoint_key
  override_during = plan
  values = {
    arn = "arn:aws:secretsmanager:eu-central-1:111122223333:secret:charter-eu-central-1/audit-checkpoint-key-GhIjKl"
    id  = "arn:aws:secretsmanager:eu-central-1:111122223333:secret:charter-eu-central-1/audit-checkpoint-key-GhIjKl"
  }
}

override_resource {
  target          = aws_secretsmanager_secret.federation_private_key
  override_during = plan
  values = {
    arn = "arn:aws:secretsmanager:eu-central-1:111122223333:secret:charter-eu-central-1/federation-private-key-MnOpQr"
    id  = "arn:aws:secretsmanager:eu-central-1:111122223333:secret:charter-eu-central-1/federation-private-key-MnOpQr"
  }
}

override_resource {
  target          = aws_eip.nat[0]
  override_during = plan
  values = {
    public_ip = "192.0.2.44"
  }
}

variables {
  region                     = "eu-central-1"
  certificate_arn            = "arn:aws:acm:eu-central-1:111122223333:certificate/6f1f5bb0-0000-4000-8000-000000000001"
  admin_role_arns            = ["arn:aws:iam::111122223333:role/charter-deploy"]
  key_policy_admin_role_arns = ["arn:aws:iam::111122223333:role/charter-key-policy"]
  image_tag                  = "1.0.0"
  jwt_issuer                 = "https://id.example.com/"
  jwt_publickey_location     = "https://id.example.com/.well-known/jwks.json"
  jwt_audiences              = ["charter-api"]
  idp_egress_cidr_blocks     = ["198.51.100.0/24"]
}

run "no_peers_no_federation_settings_and_the_path_refused" {
  command = plan

  assert {
    condition     = length([for k in keys(output.container_environment) : k if startswith(k, "CHARTER_FEDERATION_")]) == 0
    error_message = "Without peers the service gets no CHARTER_FEDERATION_* setting (federation off)."
  }

  assert {
    condition = alltrue([
      for td in [aws_ecs_task_definition.this, aws_ecs_task_definition.migrate] : !anytrue([
        for e in concat(jsondecode(td.container_definitions)[0].secrets, jsondecode(td.container_definitions)[0].environment) : startswith(e.name, "CHARTER_FEDERATION_")
      ])
    ]) && !contains(output.container_secret_names, "CHARTER_FEDERATION_PRIVATE_KEY")
    error_message = "Without peers neither task gets the federation key or settings."
  }

  assert {
    condition     = !anytrue([for st in jsondecode(aws_iam_role_policy.execution.policy).Statement : st.Sid == "ReadFederationKey"])
    error_message = "Without peers the execution role does not read the federation key."
  }

  assert {
    condition     = length(aws_lb_listener_rule.federation_from_peers) == 0 && length(aws_vpc_security_group_ingress_rule.alb_https_from_peers) == 0
    error_message = "Without peers no source is admitted to /v1/federation."
  }

  assert {
    condition     = length([for k, r in aws_vpc_security_group_egress_rule.tasks : k if startswith(k, "federation ") || startswith(r.description, "HTTPS to federation peer")]) == 0
    error_message = "Without peers the tasks get no egress to any peer."
  }

  assert {
    condition = aws_lb_listener_rule.federation_refused.listener_arn == aws_lb_listener.https.arn && aws_lb_listener_rule.federation_refused.action[0].type == "fixed-response" && aws_lb_listener_rule.federation_refused.action[0].fixed_response[0].status_code == "404" && [
      for c in aws_lb_listener_rule.federation_refused.condition : c.path_pattern[0].values if length(c.path_pattern) > 0
      ] == [toset(["/v1/federation", "/v1/federation/*"])] && alltrue([
        for c in aws_lb_listener_rule.federation_refused.condition : length(c.source_ip) == 0
    ])
    error_message = "/v1/federation and everything under it is answered 404 by the load balancer, from every source."
  }

  assert {
    condition     = aws_secretsmanager_secret.federation_private_key.name == "charter-eu-central-1/federation-private-key" && aws_secretsmanager_secret.federation_private_key.kms_key_id == aws_kms_key.this.arn
    error_message = "The federation key's secret exists, empty, under the region key, ready for the operator's value."
  }

  assert {
    condition     = output.federation_egress_ips == ["192.0.2.44"] && output.federation_peer_entry.egress_cidr_blocks == ["192.0.2.44/32"] && output.federation_peer_entry.url == null && length(output.federation_peer_entry.ingress_cidr_blocks) == 0
    error_message = "The NAT address is what peers must admit."
  }
}

run "two_peers" {
  command = plan

  override_resource {
    target          = aws_lb_target_group.this
    override_during = plan
    values = {
      arn = "arn:aws:elasticloadbalancing:eu-central-1:111122223333:targetgroup/charter-eu-central-1/73e2d6bc24d8a067"
    }
  }

  variables {
    federation_url                 = "https://chat-eu.example.com"
    federation_public_key          = "MCowBQYDK2VwAyEA95RFjUUjFRHsuQnL2xjQI5q5gclEtmqPzl3g4Pwk9Aw="
    federation_ingress_cidr_blocks = ["192.0.2.80/32", "192.0.2.81/32"]
    federation_peers = {
      us-east-1 = {
        url                 = "https://chat-us.example.com"
        public_key          = "MCowBQYDK2VwAyEAn8r7G78vd42FZm459lR4gLpPs5COkS50RX0DX9BVSPc="
        egress_cidr_blocks  = ["198.51.100.10/32", "198.51.100.11/32"]
        ingress_cidr_blocks = ["203.0.113.100/32", "203.0.113.101/32"]
      }
      ap-southeast-1 = {
        url                 = "https://chat-ap.example.com/"
        public_key          = "MCowBQYDK2VwAyEAGWYnrmdj6PEdsDQHY8nAFYGbqjvs95+mfxqLVrWhr8g="
        egress_cidr_blocks  = ["203.0.113.7/32", "198.51.100.10/32", "192.0.2.0/28"]
        ingress_cidr_blocks = ["203.0.113.101/32", "192.0.2.200/32"]
      }
    }
  }

  assert {
    condition     = output.container_environment["CHARTER_FEDERATION_PEERS"] == "ap-southeast-1=https://chat-ap.example.com,us-east-1=https://chat-us.example.com"
    error_message = "CHARTER_FEDERATION_PEERS lists every peer as region=url, sorted by region."
  }

  assert {
    condition     = output.container_environment["CHARTER_FEDERATION_PEER_KEYS"] == "ap-southeast-1=MCowBQYDK2VwAyEAGWYnrmdj6PEdsDQHY8nAFYGbqjvs95+mfxqLVrWhr8g=,us-east-1=MCowBQYDK2VwAyEAn8r7G78vd42FZm459lR4gLpPs5COkS50RX0DX9BVSPc="
    error_message = "CHARTER_FEDERATION_PEER_KEYS pins every peer's key as region=key, sorted by region."
  }

  assert {
    condition = alltrue([
      for td in [aws_ecs_task_definition.this, aws_ecs_task_definition.migrate] :
      [for s in jsondecode(td.container_definitions)[0].secrets : s.valueFrom if s.name == "CHARTER_FEDERATION_PRIVATE_KEY"] == [aws_secretsmanager_secret.federation_private_key.arn]
      && !anytrue([for e in jsondecode(td.container_definitions)[0].environment : e.name == "CHARTER_FEDERATION_PRIVATE_KEY"])
    ]) && contains(output.container_secret_names, "CHARTER_FEDERATION_PRIVATE_KEY")
    error_message = "Both tasks get the private key as the ECS secret CHARTER_FEDERATION_PRIVATE_KEY from the module's secret, never in the plain environment."
  }

  assert {
    condition = [
      for st in jsondecode(aws_iam_role_policy.execution.policy).Statement : st.Resource if st.Sid == "ReadFederationKey"
    ] == [aws_secretsmanager_secret.federation_private_key.arn]
    error_message = "The execution role reads the federation key's secret, and only that one, for it."
  }

  assert {
    condition = toset(flatten([
      for r in aws_lb_listener_rule.federation_from_peers : [for c in r.condition : c.source_ip[0].values if length(c.source_ip) > 0]
    ])) == toset(["198.51.100.10/32", "198.51.100.11/32", "203.0.113.7/32", "192.0.2.0/28"])
    error_message = "The load balancer forwards /v1/federation from the union of the peers' egress blocks."
  }

  assert {
    condition = length(aws_lb_listener_rule.federation_from_peers) == 2 && alltrue([
      for r in aws_lb_listener_rule.federation_from_peers :
      r.listener_arn == aws_lb_listener.https.arn && r.priority < aws_lb_listener_rule.federation_refused.priority
      && r.action[0].type == "forward" && r.action[0].target_group_arn == aws_lb_target_group.this.arn
      && length(r.condition) == 2 && alltrue([for c in r.condition : length(c.source_ip[0].values) <= 3 if length(c.source_ip) > 0])
      && [for c in r.condition : c.path_pattern[0].values if length(c.path_pattern) > 0] == [toset(["/v1/federation", "/v1/federation/*"])]
    ])
    error_message = "Four blocks make two forwarding rules of at most 3 source addresses, both before the refusal."
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.alb_https_from_peers) == 0
    error_message = "The load balancer already admits everyone on 443: no extra ingress rule."
  }

  assert {
    condition = {
      for k, r in aws_vpc_security_group_egress_rule.tasks : k => [r.ip_protocol, r.from_port, r.to_port, r.cidr_ipv4, r.description] if startswith(k, "federation ")
      } == {
      "federation 192.0.2.200/32"   = ["tcp", 443, 443, "192.0.2.200/32", "HTTPS to federation peer ap-southeast-1"]
      "federation 203.0.113.100/32" = ["tcp", 443, 443, "203.0.113.100/32", "HTTPS to federation peer us-east-1"]
      "federation 203.0.113.101/32" = ["tcp", 443, 443, "203.0.113.101/32", "HTTPS to federation peer ap-southeast-1, us-east-1"]
    }
    error_message = "Each distinct peer ingress block is one HTTPS (443) egress rule of the tasks, naming the peers that answer there."
  }

  assert {
    condition     = output.federation_unreachable_peers == []
    error_message = "Every peer with ingress_cidr_blocks can be called."
  }

  assert {
    condition = alltrue([
      for r in aws_vpc_security_group_egress_rule.tasks : r.cidr_ipv4 != "0.0.0.0/0" && r.cidr_ipv6 == null
      && try(contains(concat(var.idp_egress_cidr_blocks, ["203.0.113.100/32", "203.0.113.101/32", "192.0.2.200/32"]), r.cidr_ipv4), r.cidr_ipv4 == null)
    ])
    error_message = "No task egress rule reaches 0.0.0.0/0 or any range but the identity provider's and the peers' load balancers'."
  }

  assert {
    condition = output.federation_peer_entry == {
      url                 = "https://chat-eu.example.com"
      public_key          = "MCowBQYDK2VwAyEA95RFjUUjFRHsuQnL2xjQI5q5gclEtmqPzl3g4Pwk9Aw="
      egress_cidr_blocks  = ["192.0.2.44/32"]
      ingress_cidr_blocks = tolist(["192.0.2.80/32", "192.0.2.81/32"])
    }
    error_message = "federation_peer_entry is what the peers put under eu-central-1."
  }
}

run "peers_get_through_a_restricted_load_balancer" {
  command = plan

  variables {
    ingress_cidr_blocks = ["192.0.2.0/24"]
    federation_peers = {
      us-east-1 = {
        url                = "https://chat-us.example.com"
        public_key         = "MCowBQYDK2VwAyEAn8r7G78vd42FZm459lR4gLpPs5COkS50RX0DX9BVSPc="
        egress_cidr_blocks = ["198.51.100.10/32", "192.0.2.0/24"]
      }
    }
  }

  assert {
    condition     = keys(aws_vpc_security_group_ingress_rule.alb_https_from_peers) == ["198.51.100.10/32"] && aws_vpc_security_group_ingress_rule.alb_https_from_peers["198.51.100.10/32"].from_port == 443
    error_message = "Peer blocks the load balancer does not admit yet get HTTPS ingress."
  }
}

run "http_peer_url_is_refused" {
  command = plan

  variables {
    federation_peers = {
      us-east-1 = {
        url                = "http://chat-us.example.com"
        public_key         = "MCowBQYDK2VwAyEAn8r7G78vd42FZm459lR4gLpPs5COkS50RX0DX9BVSPc="
        egress_cidr_blocks = ["198.51.100.10/32"]
      }
    }
  }

  expect_failures = [var.federation_peers]
}

run "bad_peer_cidr_is_refused" {
  command = plan

  variables {
    federation_peers = {
      us-east-1 = {
        url                = "https://chat-us.example.com"
        public_key         = "MCowBQYDK2VwAyEAn8r7G78vd42FZm459lR4gLpPs5COkS50RX0DX9BVSPc="
        egress_cidr_blocks = ["198.51.100.300/32"]
      }
    }
  }

  expect_failures = [var.federation_peers]
}

run "peer_admitted_from_anywhere_is_refused" {
  command = plan

  variables {
    federation_peers = {
      us-east-1 = {
        url                = "https://chat-us.example.com"
        public_key         = "MCowBQYDK2VwAyEAn8r7G78vd42FZm459lR4gLpPs5COkS50RX0DX9BVSPc="
        egress_cidr_blocks = ["0.0.0.0/0"]
      }
    }
  }

  expect_failures = [var.federation_peers]
}

run "private_key_as_peer_key_is_refused" {
  command = plan

  variables {
    federation_peers = {
      us-east-1 = {
        url                = "https://chat-us.example.com"
        public_key         = "MC4CAQAwBQYDK2VwBCIEILMaJJZMpdpAf6t8tmKYMiXsHyZ8KeqAKJNYb1lvMh9n"
        egress_cidr_blocks = ["198.51.100.10/32"]
      }
    }
  }

  expect_failures = [var.federation_peers]
}

run "own_region_as_peer_is_refused" {
  command = plan

  variables {
    federation_peers = {
      eu-central-1 = {
        url                = "https://chat-eu.example.com"
        public_key         = "MCowBQYDK2VwAyEAn8r7G78vd42FZm459lR4gLpPs5COkS50RX0DX9BVSPc="
        egress_cidr_blocks = ["198.51.100.10/32"]
      }
    }
  }

  expect_failures = [var.federation_peers]
}

run "peers_need_nat" {
  command = plan

  variables {
    enable_nat_gateway     = false
    idp_egress_cidr_blocks = []
    federation_peers = {
      us-east-1 = {
        url                = "https://chat-us.example.com"
        public_key         = "MCowBQYDK2VwAyEAn8r7G78vd42FZm459lR4gLpPs5COkS50RX0DX9BVSPc="
        egress_cidr_blocks = ["198.51.100.10/32"]
      }
    }
  }

  expect_failures = [var.federation_peers]
}

run "federation_settings_cannot_come_from_the_environment" {
  command = plan

  variables {
    environment = { CHARTER_FEDERATION_PRIVATE_KEY = "MC4CAQAwBQYDK2VwBCIEILMaJJZMpdpAf6t8tmKYMiXsHyZ8KeqAKJNYb1lvMh9n" }
  }

  expect_failures = [var.environment]
}

run "peer_ingress_block_shared_with_the_identity_provider_is_one_rule" {
  command = plan

  variables {
    federation_peers = {
      us-east-1 = {
        url                 = "https://chat-us.example.com:443"
        public_key          = "MCowBQYDK2VwAyEAn8r7G78vd42FZm459lR4gLpPs5COkS50RX0DX9BVSPc="
        egress_cidr_blocks  = ["198.51.100.10/32"]
        ingress_cidr_blocks = ["198.51.100.0/24", "203.0.113.100/32"]
      }
    }
  }

  assert {
    condition = [
      for k, r in aws_vpc_security_group_egress_rule.tasks : r.cidr_ipv4 if r.cidr_ipv4 == "198.51.100.0/24"
      ] == ["198.51.100.0/24"] && [
      for k, r in aws_vpc_security_group_egress_rule.tasks : k if startswith(k, "federation ")
    ] == ["federation 203.0.113.100/32"]
    error_message = "A peer block the identity provider's rule already opens on 443 gets no duplicate rule (EC2 refuses duplicates)."
  }
}

run "peer_without_ingress_blocks_is_admitted_and_reported" {
  command = plan

  variables {
    federation_peers = {
      us-east-1 = {
        url                = "https://chat-us.example.com"
        public_key         = "MCowBQYDK2VwAyEAn8r7G78vd42FZm459lR4gLpPs5COkS50RX0DX9BVSPc="
        egress_cidr_blocks = ["198.51.100.10/32"]
      }
    }
  }

  assert {
    condition     = output.federation_unreachable_peers == ["us-east-1"]
    error_message = "A peer without ingress_cidr_blocks is reported as one the tasks cannot call."
  }

  assert {
    condition     = length(aws_lb_listener_rule.federation_from_peers) == 1 && length([for k, r in aws_vpc_security_group_egress_rule.tasks : k if startswith(k, "federation ")]) == 0
    error_message = "A peer without ingress_cidr_blocks is admitted to /v1/federation, and the tasks get no egress to it (never a wider rule)."
  }
}

run "peer_on_another_port_is_reported" {
  command = plan

  variables {
    federation_peers = {
      us-east-1 = {
        url                 = "https://chat-us.example.com:8443"
        public_key          = "MCowBQYDK2VwAyEAn8r7G78vd42FZm459lR4gLpPs5COkS50RX0DX9BVSPc="
        egress_cidr_blocks  = ["198.51.100.10/32"]
        ingress_cidr_blocks = ["203.0.113.100/32"]
      }
    }
  }

  expect_failures = [check.federation_peers_on_443]
}

run "bad_peer_ingress_cidr_is_refused" {
  command = plan

  variables {
    federation_peers = {
      us-east-1 = {
        url                 = "https://chat-us.example.com"
        public_key          = "MCowBQYDK2VwAyEAn8r7G78vd42FZm459lR4gLpPs5COkS50RX0DX9BVSPc="
        egress_cidr_blocks  = ["198.51.100.10/32"]
        ingress_cidr_blocks = ["203.0.113.300/32"]
      }
    }
  }

  expect_failures = [var.federation_peers]
}

run "peer_called_anywhere_is_refused" {
  command = plan

  variables {
    federation_peers = {
      us-east-1 = {
        url                 = "https://chat-us.example.com"
        public_key          = "MCowBQYDK2VwAyEAn8r7G78vd42FZm459lR4gLpPs5COkS50RX0DX9BVSPc="
        egress_cidr_blocks  = ["198.51.100.10/32"]
        ingress_cidr_blocks = ["0.0.0.0/0"]
      }
    }
  }

  expect_failures = [var.federation_peers]
}

run "too_wide_peer_ingress_block_is_refused" {
  command = plan

  variables {
    federation_peers = {
      us-east-1 = {
        url                 = "https://chat-us.example.com"
        public_key          = "MCowBQYDK2VwAyEAn8r7G78vd42FZm459lR4gLpPs5COkS50RX0DX9BVSPc="
        egress_cidr_blocks  = ["198.51.100.10/32"]
        ingress_cidr_blocks = ["203.0.0.0/15"]
      }
    }
  }

  expect_failures = [var.federation_peers]
}

run "ipv6_peer_ingress_block_is_refused" {
  command = plan

  variables {
    federation_peers = {
      us-east-1 = {
        url                 = "https://chat-us.example.com"
        public_key          = "MCowBQYDK2VwAyEAn8r7G78vd42FZm459lR4gLpPs5COkS50RX0DX9BVSPc="
        egress_cidr_blocks  = ["198.51.100.10/32"]
        ingress_cidr_blocks = ["2001:db8::/64"]
      }
    }
  }

  expect_failures = [var.federation_peers]
}

run "peer_ingress_block_not_at_its_network_address_is_refused" {
  command = plan

  variables {
    federation_peers = {
      us-east-1 = {
        url                 = "https://chat-us.example.com"
        public_key          = "MCowBQYDK2VwAyEAn8r7G78vd42FZm459lR4gLpPs5COkS50RX0DX9BVSPc="
        egress_cidr_blocks  = ["198.51.100.10/32"]
        ingress_cidr_blocks = ["203.0.113.1/24"]
      }
    }
  }

  expect_failures = [var.federation_peers]
}

run "own_load_balancer_addresses_are_checked_like_a_peers" {
  command = plan

  variables {
    federation_ingress_cidr_blocks = ["0.0.0.0/0"]
  }

  expect_failures = [var.federation_ingress_cidr_blocks]
}
