//! A demo RSA key pair for the `private_key_jwt` service app of the local Okta test server.
//!
//! Generated with `openssl genpkey -algorithm RSA` for this example only. It protects nothing:
//! never register it with a real Okta org.

/// The service app's private key (PKCS#8 PEM): the client signs its assertions with it.
pub const PRIVATE_KEY_PEM: &str = "\
-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCKdHDiwCuYu8g9
nEzPhmFyB1Xa64rtM+g8liQqLtnDKXgwFj1s7yW/HmZntL9cSjscPihXCqnLQ4RF
HFjnizvtqICfHTGVATghCz9RPSuGHQd0qysQ6f6kGBDycuHj7WLaLjpBeHtyZcRj
wEsdBs5zzMrIP4fzLCxgeNketvkh7EyOeqJoWlU8q0w+lSO7UHXrqOi+IuZ7dF3l
CvsLjONIv+FT5mb5i3oENDJS/mGvn+ISnBIfyA5uWPJMyoN6l5Pic0if9riKkrny
+3FQoa96eoMegMIvvU3S+Hv0xeLKjp/I/TIL6cGz9k7VjHdSeV+sh7NI+hBAGwPO
vhGYKLABAgMBAAECggEAAL/npTqldx1mf1A7fuYl3JWwlSUFqrTHaEiR0o6lYYVL
ICDcB/J1hwbgRrsiTBrKHiQyA2Kh5QwCXn4W9yNNru2Pdg0U6c8eDC5rkyzccaHy
RTibXOs/ad5dfR/lHDRP/t7ANFQ1gDrlKNBvjQKD7KQ/ttItPMJQ99wU+jHDFeLC
b3HUlOuMWQsGjTiaomUSE5F73Isa/38qvH+qzVNuldcpYMLmyzuWmwZ+JkkXnGBL
dDlEsrDG0nWsqEE0iwiq+2IN2ApY3OJlIkjqe/a3X1ZFng3gU4c/qwDWp/Rbesgw
3rZ5MiX3ZtTSC5m+BbIW4jTMw0rAITKCGlEPtTZYrwKBgQC9PdUDOJGBcg/bozDL
QO5P8Vx3dpskRfXnN74HrTVnzXceODDVcasFWdI3fx8vJ4YawSFa9fM78yGEjSiv
y7IKf02T4kuBsOhjqSR7kG4luTqlI5fRnezhk4JW80KPU9Y5mLLhbClInpg1aItv
YHKPI3TG/KxWnSDxfopoapr0kwKBgQC7TCBfRscSIeAmuCNl03TtXNr7imjyO6Cv
btfbNFPwZyVAsuUlNswCtlYR1YBHehmpH6h2+446zZYYyXib1mzMzr1pKMnyQ6et
skvDdIsS6kTUfGrjxbSgAvlWGDq++1jQy2XqsHgMxOJWNMNB0+KQWiqiKU2Kid3W
jtnSGqLZmwKBgQCZfOQfV6tUpVHNX//8au6fcnEAB/fvJLs8zQ5ZJZhSV+jMXuDk
zevbTC3fi0Ccu17eplRKdX/R2PIPk3ozk3AVaYlfb8S0LOtfodmQSuW7vQ+ez06c
2o09rKmjomwS2fm//2Texx544wErGF83d6+S/zwBBQE2wvzsQik6ZXTG9wKBgDhU
NtAwuyIq6fz7GDpBlELm0D0ibVmcsUDRtz2HyU7d1ohUxTGh/005hT0r1r6obBs/
GC1gjnAE8IVX4lwL6wDVlIWR7NpdmopUuxB3dnQj3LuDB6qlBSOygUZxVwmlEhsJ
cQdaN2CvvdprV+XuUY9UbsoCXf2yZPNoVv4nYJ7NAoGAIMCas6WvTIHeGTR/QG2+
MvN9F7KVyJKNxOfvIWIqgebz7GuSf960ZJTREZ7KdfGUDuuzHYbH7GE2mDJk0T3X
ZTiMmHp+P1kFtAIqiTh9KYHEA8Gv4fQ+JuR/9uKZVp/nSIgyBMaMHTiK5qwIxAiQ
oYdJOl3foxX6i7azKQ43lRw=
-----END PRIVATE KEY-----
";

/// The matching public key (SPKI PEM): the test server verifies assertions with it.
pub const PUBLIC_KEY_PEM: &str = "\
-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAinRw4sArmLvIPZxMz4Zh
cgdV2uuK7TPoPJYkKi7Zwyl4MBY9bO8lvx5mZ7S/XEo7HD4oVwqpy0OERRxY54s7
7aiAnx0xlQE4IQs/UT0rhh0HdKsrEOn+pBgQ8nLh4+1i2i46QXh7cmXEY8BLHQbO
c8zKyD+H8ywsYHjZHrb5IexMjnqiaFpVPKtMPpUju1B166joviLme3Rd5Qr7C4zj
SL/hU+Zm+Yt6BDQyUv5hr5/iEpwSH8gObljyTMqDepeT4nNIn/a4ipK58vtxUKGv
enqDHoDCL71N0vh79MXiyo6fyP0yC+nBs/ZO1Yx3UnlfrIezSPoQQBsDzr4RmCiw
AQIDAQAB
-----END PUBLIC KEY-----
";
