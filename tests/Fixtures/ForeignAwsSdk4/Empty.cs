// Intentionally empty: this project only brings AWSSDK.Core 4.0.3.3 to out/fixtures/.
