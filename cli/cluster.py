"""``prg cluster FILE``: a cluster's presence redundancy groups checked together."""

from __future__ import annotations

import json
import sys

import click
from prg.model.cluster import load_cluster
from prg.verify.tools.cluster import check_cluster, to_json, to_text

from .common import NonEmptyPath, cache_option, fault_budget_from, format_option
from .progress import progress_shown, quiet_option


@click.command("cluster")
@click.argument("cluster_path", metavar="FILE", type=NonEmptyPath(dir_okay=False))
@format_option
@fault_budget_from(1)
@quiet_option
@cache_option
def cluster_command(cluster_path: str, output_format: str, fault_budget: int,
                    quiet: bool) -> None:
    """Check a cluster file: its groups together, in every configuration of the cluster.

    Each group's pair is searched with up to --fault-budget faults in each group and
    checked beside every state the other groups can be in: the groups must go their own way
    under the cluster's rules, no user may be added while a node of the cluster is in a
    failover state, every group must get back to Normal / Normal while the database publisher
    has failed, and no user of any group may be lost. Exit 0 when every property holds, 1 when
    one does not, 2 on a bad cluster file."""
    cluster = load_cluster(cluster_path)
    with progress_shown("cluster", quiet) as progress:
        report = check_cluster(cluster, fault_budget, progress)
    if output_format == "json":
        click.echo(json.dumps(to_json(report), indent=2))
    else:
        click.echo(to_text(report))
    sys.exit(0 if report.passed else 1)
