#!/usr/bin/env bash
# The README's test command: builds everything and runs every test project, writing one TRX
# file per project to TestResults/ (which .ci/run counts). Needs only the .NET SDK; the AWS CLI
# interop tests also want Debian's awscli (apt-get install -y awscli), which .ci/run installs.
set -uo pipefail
cd "$(dirname "$0")"
rm -rf TestResults
dotnet build CodeStarProfiles.sln -c Release -nologo -v:q || exit 1
status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory TestResults || status=1
done
exit $status
