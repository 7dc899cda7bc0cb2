// Intentionally empty: this project only brings AWSSDK.Core 3.7.402 to out/fixtures/.
