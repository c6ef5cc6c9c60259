# Offline Terraform for the project's scripts: providers only from the local filesystem mirror. Source it.

# Prints the provider mirror: $TF_PLUGIN_MIRROR, /opt/tf-plugins, or the first `tf-plugins` directory near /.
find_mirror() {
  local candidate
  for candidate in "${TF_PLUGIN_MIRROR:-}" /opt/tf-plugins; do
    if [[ -n "$candidate" && -d "$candidate/registry.terraform.io" ]]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  candidate="$(find / -maxdepth 3 -type d -name tf-plugins 2>/dev/null | head -n 1 || true)"
  [[ -n "$candidate" && -d "$candidate/registry.terraform.io" ]] && printf '%s\n' "$candidate" && return 0
  return 1
}

# Writes a CLI configuration into $2 that installs providers only from mirror $1 (nothing fetched from a
# registry) and exports it with the settings for unattended runs.
use_mirror_only() {
  cat >"$2" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$1"
    include = ["registry.terraform.io/*/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
disable_checkpoint = true
RC
  export TF_CLI_CONFIG_FILE="$2"
  export TF_IN_AUTOMATION=1
  export TF_INPUT=0
  export CHECKPOINT_DISABLE=1
  unset TF_WORKSPACE
}
