# EdgeNode query node: answers 'run client () sql ...' from the rows of the network's operators (docs/query.md).
# Run it with:  dotnet run --project src/EdgeNode -c Release -- process examples/query.al
# It finds operators and table columns in its ledger: copy the network's blockchain.json into !blockchain_file,
# or keep it in sync from the master with 'run blockchain sync' once that is configured.
set node name query-node
create work directories
# operators send their rows back to the TCP server; REST serves clients (destination: network)
run tcp server where internal_ip = !ip and internal_port = 32348 and bind = false
run rest server where internal_ip = !ip and internal_port = 32349 and bind = false
# the in-memory database the operators' rows are merged in
connect dbms system_query where type = sqlite and memory = true
set query log profile 5 seconds
get processes
echo Query node !node_name is ready: run client () sql [dbms] format = table "select count(*) from [table]"
