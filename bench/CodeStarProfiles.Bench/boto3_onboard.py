# boto3 onboarding a CSV the way a script would: one create_user_profile per row, 16 threads, the
# client's default settings except the retry mode given. Prints one JSON line: created, failed,
# seconds, the error codes and the ARNs of the failed rows (the bench checks them in the store).
#   /usr/bin/python3 boto3_onboard.py users.csv http://127.0.0.1:PORT standard|adaptive [threads]
import csv, json, sys, time
from concurrent.futures import ThreadPoolExecutor

import boto3, botocore
from botocore.config import Config

path, url, mode = sys.argv[1], sys.argv[2], sys.argv[3]
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 16
with open(path, newline="") as f:
    rows = list(csv.DictReader(f))
client = boto3.client("codestar", endpoint_url=url, region_name="us-east-1",
                      config=Config(retries={"mode": mode}, max_pool_connections=threads))


def create(row):
    try:
        client.create_user_profile(userArn=row["UserArn"], displayName=row["DisplayName"], emailAddress=row["EmailAddress"])
        return None
    except botocore.exceptions.ClientError as e:
        return (row["UserArn"], e.response.get("Error", {}).get("Code", "ClientError"))
    except botocore.exceptions.ParamValidationError:
        return (row["UserArn"], "ParamValidationError")
    except Exception as e:  # dropped connections the retries did not cover, and the like
        return (row["UserArn"], type(e).__name__)


start = time.monotonic()
with ThreadPoolExecutor(threads) as pool:
    results = list(pool.map(create, rows))
seconds = time.monotonic() - start
failed = [r for r in results if r is not None]
codes = {}
for _, code in failed:
    codes[code] = codes.get(code, 0) + 1
print(json.dumps({"created": len(rows) - len(failed), "failed": len(failed), "seconds": seconds,
                  "errors": codes, "failed_arns": [a for a, _ in failed]}))
