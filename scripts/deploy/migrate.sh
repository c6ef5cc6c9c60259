#!/usr/bin/env bash
# The migration step of a rollout: Flyway as the RDS master user, then the service's database role
# (common/AppRoleSetup), as a one-off ECS task with the image being deployed. Fails unless the task exits 0.
# Run in a region root's directory after `terraform init`, with the deploy role's AWS credentials:
#   scripts/deploy/migrate.sh <image>      e.g. 111122223333.dkr.ecr.eu-central-1.amazonaws.com/charter:1.4.0
# It registers a revision of the migrate task definition with that image (the next apply registers its own),
# so the schema is migrated before any task of the new version starts.
set -euo pipefail
image="${1:?usage: migrate.sh <image>}"

cluster="$(terraform output -raw ecs_cluster_name)"
current="$(terraform output -raw migrate_task_definition_arn)"
security_group="$(terraform output -raw task_security_group_id)"
subnets="$(terraform output -json private_subnet_ids | python3 -c 'import json, sys; print(",".join(json.load(sys.stdin)))')"

# The current definition with the new image; only the fields register-task-definition accepts.
aws ecs describe-task-definition --task-definition "$current" --query taskDefinition --output json \
  | IMAGE="$image" python3 -c '
import json, os, sys
d = json.load(sys.stdin)
for c in d["containerDefinitions"]:
    c["image"] = os.environ["IMAGE"]
keep = ["family", "taskRoleArn", "executionRoleArn", "networkMode", "containerDefinitions", "volumes",
        "requiresCompatibilities", "cpu", "memory", "runtimePlatform"]
json.dump({k: d[k] for k in keep if k in d}, sys.stdout)' > migrate-task.json
revision="$(aws ecs register-task-definition --cli-input-json file://migrate-task.json \
  --query taskDefinition.taskDefinitionArn --output text)"
echo "migration step: $revision"

task="$(aws ecs run-task --cluster "$cluster" --task-definition "$revision" --launch-type FARGATE \
  --network-configuration "awsvpcConfiguration={subnets=[$subnets],securityGroups=[$security_group],assignPublicIp=DISABLED}" \
  --query 'tasks[0].taskArn' --output text)"
[[ -n "$task" && "$task" != None ]] || { echo "::error::the migration task did not start"; exit 1; }
# Each wait polls for 10 minutes; a large migration may need more than one.
for attempt in 1 2 3; do
  aws ecs wait tasks-stopped --cluster "$cluster" --tasks "$task" && break
  [[ $attempt -lt 3 ]] || { echo "::error::the migration task did not finish"; exit 1; }
done
read -r exit_code reason < <(aws ecs describe-tasks --cluster "$cluster" --tasks "$task" \
  --query 'tasks[0].[containers[0].exitCode, stoppedReason]' --output text)
echo "migration step exited with $exit_code ($reason)"
[[ "$exit_code" == 0 ]] || { echo "::error::the migration step failed: see the service's log group"; exit 1; }
