# EdgeNode example: a query node of a network on one machine (127.0.0.1).
#
# It syncs the ledger from the master, publishes its query policy, and keeps the in-memory system_query database a
# network query consolidates its replies in. Start the master first (examples/master.al).
#
#   dotnet src/EdgeNode/bin/Release/net10.0/edgenode.dll --home /tmp/edgenode/query process examples/query.al
#
# From here, every node of the network answers:  run client (blockchain get (master, operator, query) bring.ip_port) get status

# ---- settings (kept when already set; a node is called edgenode until it is named) ----
if !node_name == edgenode then set node name query
if not !company_name then company_name = "My Company"
if not !query_port then query_port = 32348
if not !query_rest_port then query_rest_port = 32349
if not !ledger_conn then ledger_conn = 127.0.0.1:32048
if not !sync_time then sync_time = 5 seconds
create work directories

# ---- the config policy: TCP and REST servers on 127.0.0.1, system_query, and the synchronizer ----
<config_policy = {"config": {
    "name": "query-configs",
    "company": !company_name,
    "node_type": "query",
    "ip": "127.0.0.1",
    "local_ip": "127.0.0.1",
    "port": "!query_port.int",
    "rest_port": "!query_rest_port.int",
    "tcp_bind": true,
    "rest_bind": true,
    "script": [
        "connect dbms system_query where type = sqlite and memory = true",
        "run blockchain sync where source = master and time = !sync_time and dest = file and connection = !ledger_conn"
    ]
}}>

config_id = blockchain get id !config_policy
is_config = blockchain get config where id = !config_id bring [config][id]
if not !is_config then blockchain insert where policy = !config_policy and local = true
config from policy where id = !config_id
wait 10 for sync

# ---- the query node's policy ----
<query_policy = {"query": {
    "name": !node_name,
    "company": !company_name,
    "ip": "127.0.0.1",
    "local_ip": "127.0.0.1",
    "port": !query_port.int,
    "rest_port": !query_rest_port.int
}}>
query_id = blockchain get id !query_policy
is_query = blockchain get query where id = !query_id bring [query][id]
if not !is_query then blockchain insert where policy = !query_policy and local = true and master = !ledger_conn

# queries slower than 5 seconds are kept in 'get query log'
set query log profile 5 seconds

echo Query node !node_name is up: TCP 127.0.0.1:!query_port, REST 127.0.0.1:!query_rest_port, master !ledger_conn
echo Query the network with: run client () sql [dbms] format = table "select count(*) from [table]"
get processes
