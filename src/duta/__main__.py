from duta.manage import main

main()
