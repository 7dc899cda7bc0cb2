#!/usr/bin/env bash
# The README's test command: builds everything, runs every xunit project (one TRX file each in
# TestResults/) and the Pester suites in real pwsh 7.6.9 (TestResults/pester-summary.json); .ci/run
# counts both. Needs only the .NET SDK (the PowerShell tool and Pester are restored here); the interop
# tests drive the endpoint with real AWS clients (Debian's awscli 2.9.19 and python3-boto3),
# which are installed here when missing and apt-get is usable.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! /usr/bin/aws --version 2>/dev/null | grep -q '^aws-cli/2' || ! /usr/bin/python3 -c 'import boto3' 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's awscli and python3-boto3 for the interop tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq awscli python3-boto3 >/dev/null) \
      || echo "warning: could not install awscli/python3-boto3; the interop tests will fail"
  else
    echo "warning: the interop tests need 'apt-get install -y awscli python3-boto3'"
  fi
fi

rm -rf TestResults
dotnet tool restore >/dev/null || exit 1            # the PowerShell tool (pwsh 7.6.9), pinned in .config/dotnet-tools.json
dotnet build CodeStarProfiles.sln -c Release -nologo -v:q || exit 1   # also restores Pester 5.9.1
status=0
for project in tests/*Tests/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory TestResults || status=1
done
# The Pester suites (tests/*.Tests.ps1) in real pwsh 7.6.9 against out/CodeStarProfiles.
dotnet pwsh -NoProfile -NonInteractive -File tests/run.ps1 -Configuration Release || status=1
exit $status
