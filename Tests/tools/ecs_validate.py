#!/usr/bin/env python3
"""Validate ECS CLI inputs against botocore's own ECS service model, offline.

usage: ecs_validate.py OPERATION FILE [FILE...]
  OPERATION: RegisterTaskDefinition | CreateService (ECS), or
             application-autoscaling:RegisterScalableTarget | application-autoscaling:PutScalingPolicy

Each FILE is the JSON given to `aws ecs register-task-definition --cli-input-json file://FILE`
(or `aws ecs create-service ...`). The JSON is checked with
botocore.validate.validate_parameters against the operation's input shape; task definitions
are also checked for a CPU/memory pair Fargate allows, typed here independently of the Swift
code from the Amazon ECS Developer Guide (task-cpu-memory-error.html).

Prints "FILE: OK" or "FILE: <problem>" lines; exits 0 when every file is valid, 1 otherwise.
"""
import json
import sys

import botocore.session
from botocore.exceptions import ParamValidationError
from botocore.validate import validate_parameters

FARGATE_MEMORY = {
    256: [512, 1024, 2048],
    512: [1024, 2048, 3072, 4096],
    1024: list(range(2048, 8192 + 1, 1024)),
    2048: list(range(4096, 16384 + 1, 1024)),
    4096: list(range(8192, 30720 + 1, 1024)),
    8192: list(range(16384, 61440 + 1, 4096)),
    16384: list(range(32768, 122880 + 1, 8192)),
}


def fargate_problems(params):
    problems = []
    if "FARGATE" not in params.get("requiresCompatibilities", []):
        problems.append("requiresCompatibilities lacks FARGATE")
    if params.get("networkMode") != "awsvpc":
        problems.append("networkMode is not awsvpc (Fargate requires it)")
    try:
        cpu, memory = int(params["cpu"]), int(params["memory"])
    except (KeyError, ValueError):
        return problems + ["task-level cpu and memory must be integers as strings"]
    if memory not in FARGATE_MEMORY.get(cpu, []):
        problems.append(f"cpu {cpu} / memory {memory} is not a pair Fargate allows")
    return problems


def main(argv):
    allowed = ("RegisterTaskDefinition", "CreateService", "application-autoscaling:RegisterScalableTarget",
               "application-autoscaling:PutScalingPolicy")
    if len(argv) < 3 or argv[1] not in allowed:
        print(__doc__, file=sys.stderr)
        return 2
    service, _, operation = argv[1].rpartition(":")
    model = botocore.session.get_session().get_service_model(service or "ecs")
    shape = model.operation_model(operation).input_shape
    ok = True
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            params = json.load(f)
        problems = []
        try:
            validate_parameters(params, shape)
        except ParamValidationError as e:
            problems.append(str(e).replace("\n", " | "))
        if argv[1] == "RegisterTaskDefinition":
            problems += fargate_problems(params)
        if problems:
            ok = False
            for p in problems:
                print(f"{path}: {p}")
        else:
            print(f"{path}: OK")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
