# An EdgeLake master for the interop tests: run by the peer's run-node.sh (Peers/EdgeLakeNode.cs) after a script that sets
# node_name_v, company_name, tcp_port, rest_port, ledger_conn (its own address) and sync_time. It keeps the ledger table (blockchain.ledger, SQLite),
# syncs from itself (every >= 10 seconds: a faster EdgeLake master hands out empty ledgers) and publishes its master policy.
set node name !node_name_v
create work directories
run tcp server where external_ip = 127.0.0.1 and external_port = !tcp_port and internal_ip = 127.0.0.1 and internal_port = !tcp_port and bind = true and threads = 3
run rest server where external_ip = 127.0.0.1 and external_port = !rest_port and internal_ip = 127.0.0.1 and internal_port = !rest_port and bind = true and timeout = 30
connect dbms blockchain where type = sqlite
create table ledger where dbms = blockchain
run blockchain sync where source = master and time = !sync_time and dest = file and connection = !ledger_conn
<master_policy = {"master": {
"name": !node_name_v, "company": !company_name, "ip": "127.0.0.1", "local_ip": "127.0.0.1", "port": !tcp_port.int,
"rest_port": !rest_port.int}}>
blockchain prepare policy !master_policy
blockchain insert where policy = !master_policy and local = true and master = !ledger_conn
echo EdgeLake master !node_name_v is up
