# EdgeNode example: the master node of a network on one machine (127.0.0.1).
#
# The master keeps the network's metadata: every policy (nodes, clusters, tables) lives in its ledger table
# (blockchain.ledger, SQLite here); each node publishes policies to it and keeps a synced copy of the ledger.
# The steps follow EdgeLake's deployment scripts: settings, a 'config' policy, 'config from policy' (servers and
# the config script), then the node's own policy.
#
#   dotnet src/EdgeNode/bin/Release/net10.0/edgenode.dll --home /tmp/edgenode/master process examples/master.al
#
# Settings can be given before the script, e.g. "master_port = 42048" process examples/master.al
# docs/build-a-network.md builds a master, two operators and a query node with these scripts.

# ---- settings (kept when already set; a node is called edgenode until it is named) ----
if !node_name == edgenode then set node name master
if not !company_name then company_name = "My Company"
if not !master_port then master_port = 32048
if not !master_rest_port then master_rest_port = 32049
if not !ledger_conn then ledger_conn = 127.0.0.1:!master_port
if not !sync_time then sync_time = 5 seconds
create work directories

# ---- the master's policy, published once its ledger table exists ----
<master_policy = {"master": {
    "name": !node_name,
    "company": !company_name,
    "ip": "127.0.0.1",
    "local_ip": "127.0.0.1",
    "port": !master_port.int,
    "rest_port": !master_rest_port.int
}}>

# ---- the config policy: TCP and REST servers on 127.0.0.1, then the ledger table and the synchronizer ----
# '!' values in quotes are resolved when the policy runs (config from policy), the others now.
<config_policy = {"config": {
    "name": "master-configs",
    "company": !company_name,
    "node_type": "master",
    "ip": "127.0.0.1",
    "local_ip": "127.0.0.1",
    "port": "!master_port.int",
    "rest_port": "!master_rest_port.int",
    "tcp_bind": true,
    "rest_bind": true,
    "script": [
        "connect dbms blockchain where type = sqlite",
        "create table ledger where dbms = blockchain",
        "run blockchain sync where source = master and time = !sync_time and dest = file and connection = !ledger_conn"
    ]
}}>

config_id = blockchain get id !config_policy
is_config = blockchain get config where id = !config_id bring [config][id]
if not !is_config then blockchain insert where policy = !config_policy and local = true
config from policy where id = !config_id

# the master syncs from itself: its local config policy goes to its ledger table on the first sync
master_id = blockchain get id !master_policy
is_master = blockchain get master where id = !master_id bring [master][id]
if not !is_master then blockchain insert where policy = !master_policy and local = true and master = !ledger_conn
wait 10 for sync

echo Master !node_name is up: TCP !ledger_conn, REST 127.0.0.1:!master_rest_port, ledger synced every !sync_time
get processes
