# EdgeNode demo: a single node with embedded defaults.
# Run it with:  dotnet run --project src/EdgeNode -c Release -- process examples/demo.al
set node name demo-node
create work directories
echo EdgeNode demo node !node_name started, home is !anylog_path
get status
get processes
echo Type 'help' for the commands, 'exit node' to stop.
