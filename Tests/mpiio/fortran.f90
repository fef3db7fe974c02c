! Fortran MPI-IO on a daos: file: OpenMPI's Fortran bindings call the PMPI_File_* C functions
! and PMPI_File_c2f/f2c, so this passes only if the driver intercepts those names.
program fortran_io
  use mpi
  implicit none
  integer :: ierr, rank, nprocs, fh, i, count
  integer :: status(MPI_STATUS_SIZE)
  integer(kind=MPI_OFFSET_KIND) :: offset, fsize
  double precision :: values(32), back(32)
  character(len=256) :: prefix

  call MPI_Init(ierr)
  call MPI_Comm_rank(MPI_COMM_WORLD, rank, ierr)
  call MPI_Comm_size(MPI_COMM_WORLD, nprocs, ierr)
  call get_command_argument(1, prefix)
  call MPI_File_open(MPI_COMM_WORLD, trim(prefix)//'/fortran.dat', MPI_MODE_RDWR + MPI_MODE_CREATE, &
                     MPI_INFO_NULL, fh, ierr)
  if (ierr /= MPI_SUCCESS) call fail('open')
  if (fh < 1073741824) call fail('the Fortran handle is not from the driver range')
  do i = 1, 32
     values(i) = rank * 100 + i
  end do
  offset = rank * 32 * 8
  call MPI_File_write_at(fh, offset, values, 32, MPI_DOUBLE_PRECISION, status, ierr)
  if (ierr /= MPI_SUCCESS) call fail('write_at')
  call MPI_Get_count(status, MPI_DOUBLE_PRECISION, count, ierr)
  if (count /= 32) call fail('write count')
  call MPI_File_sync(fh, ierr)
  call MPI_Barrier(MPI_COMM_WORLD, ierr)
  call MPI_File_sync(fh, ierr)
  offset = mod(rank + 1, nprocs) * 32 * 8
  call MPI_File_read_at(fh, offset, back, 32, MPI_DOUBLE_PRECISION, status, ierr)
  if (ierr /= MPI_SUCCESS) call fail('read_at')
  do i = 1, 32
     if (back(i) /= mod(rank + 1, nprocs) * 100 + i) call fail('value')
  end do
  call MPI_File_get_size(fh, fsize, ierr)
  if (fsize /= nprocs * 32 * 8) call fail('size')
  call MPI_File_close(fh, ierr)
  if (ierr /= MPI_SUCCESS .or. fh /= MPI_FILE_NULL) call fail('close')
  call MPI_Barrier(MPI_COMM_WORLD, ierr)
  if (rank == 0) then
     call MPI_File_delete(trim(prefix)//'/fortran.dat', MPI_INFO_NULL, ierr)
     if (ierr /= MPI_SUCCESS) call fail('delete')
     print '(a)', 'fortran: ok'
  end if
  call MPI_Finalize(ierr)
contains
  subroutine fail(what)
    character(len=*), intent(in) :: what
    integer :: code
    print '(a,i0,a,a)', 'rank ', rank, ': fortran: failed at ', what
    call MPI_Abort(MPI_COMM_WORLD, 1, code)
  end subroutine fail
end program fortran_io
