import json, sqlite3, ssl, hashlib

connection = sqlite3.connect(":memory:")
connection.execute("create table t (x)")
connection.execute("insert into t values (41)")
value = connection.execute("select x + 1 from t").fetchone()[0]
print(json.dumps({"sqlite": value, "ssl": ssl.OPENSSL_VERSION.split()[0],
                  "sha256": hashlib.sha256(b"ops").hexdigest()[:8]}, sort_keys=True))
